package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed validated with its ids spilling to disk (a tiny budget), its late duplicates then taken out,
 * gives the same published feed, report and counts, byte for byte, as the same feed checked wholly in
 * memory: quoted fields with commas, quotes and line breaks, refused rows of every kind around the
 * duplicates, duplicates found early and late.
 */
class LateDuplicateRemovalTest {

    @TempDir
    Path tmp;

    record Published(SnapFeedValidator.Outcome outcome, String feed, String report, String sha256) {
    }

    Published publish(byte[] feed, String name, long budget, long interval) throws Exception {
        Path published = tmp.resolve("." + name + ".csv.tmp");
        Path report = tmp.resolve(name + ".errors.csv");
        SnapFeedValidator.Outcome outcome;
        byte[] digest;
        try (ProductIds ids = new ProductIds(tmp.resolve("." + name), budget)) {
            FeedDigest sha256;
            try (FeedDigest out = new FeedDigest(new BufferedOutputStream(Files.newOutputStream(published)), interval);
                 Writer errors = Files.newBufferedWriter(report)) {
                sha256 = out;
                outcome = SnapFeedValidator.validate(new ByteArrayInputStream(feed), out, errors, ids);
            }
            digest = sha256.digest();
            try (LateDuplicates late = ids.lateDuplicates()) {
                if (late.hasNext()) {
                    assertTrue(budget < 1 << 20, "only the small budget finds duplicates late");
                    LateDuplicateRemoval.Result result = LateDuplicateRemoval.apply(late, published, sha256, report, outcome);
                    outcome = result.outcome();
                    digest = result.sha256();
                }
            }
        }
        return new Published(outcome, Files.readString(published), Files.readString(report), HexFormat.of().formatHex(digest));
    }

    @Test
    void spilledIdsGiveTheSameFeedAndReportAsIdsInMemory() throws Exception {
        Random random = new Random(11);
        StringBuilder feed = new StringBuilder(SnapFeedValidatorTest.WIDE_HEADER);
        int rows = 20_000;
        for (int i = 0; i < rows; i++) {
            int kind = random.nextInt(100);
            String id = kind < 8 && i > 0 ? "id-" + random.nextInt(i) : "id-" + i;
            Map<String, String> row = SnapFeedValidatorTest.product(id);
            row.put("description", switch (kind % 5) {
                case 0 -> "two\nlines, \"quoted\"";
                case 1 -> "a \"\"\" run, of quotes\r\n";
                case 2 -> "plain";
                case 3 -> ",leading comma";
                default -> "é\u2028\"";
            });
            if (kind >= 90) {
                row.put("availability", "sold"); // refused: its id is not taken
            } else if (kind >= 88) {
                row.put("price", "12.345 USD");
            }
            feed.append(SnapFeedValidatorTest.csv(row));
            if (kind == 50) {
                feed.append("too,few,fields\n");
            }
        }
        feed.append(SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("id-0")));
        byte[] bytes = feed.toString().getBytes(StandardCharsets.UTF_8);

        Published inMemory = publish(bytes, "memory", 16 << 20, FeedDigest.INTERVAL);
        Published spilled = publish(bytes, "spilled", 1 << 15, FeedDigest.INTERVAL);

        assertTrue(inMemory.outcome().byCode().get(SnapFeedValidator.DUPLICATE) > 1_000, inMemory.outcome().toString());
        assertEquals(inMemory.outcome().rows(), spilled.outcome().rows());
        assertEquals(inMemory.outcome().published(), spilled.outcome().published());
        assertEquals(inMemory.outcome().refused(), spilled.outcome().refused());
        assertEquals(inMemory.outcome().byCode(), spilled.outcome().byCode());
        assertEquals(inMemory.report(), spilled.report());
        assertEquals(inMemory.feed(), spilled.feed());
        assertEquals(inMemory.sha256(), spilled.sha256());
        try (var left = Files.list(tmp)) {
            assertEquals(4, left.count(), "the two feeds and their reports, no spill or temp file");
        }
    }
}
