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
import java.nio.file.attribute.BasicFileAttributes;
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
        // the digest resumed from a checkpoint in the middle of the feed, not from its start
        Published resumed = publish(bytes, "resumed", 1 << 15, 4096);

        assertTrue(inMemory.outcome().byCode().get(SnapFeedValidator.DUPLICATE) > 1_000, inMemory.outcome().toString());
        assertEquals(inMemory.outcome().rows(), spilled.outcome().rows());
        assertEquals(inMemory.outcome().published(), spilled.outcome().published());
        assertEquals(inMemory.outcome().refused(), spilled.outcome().refused());
        assertEquals(inMemory.outcome().byCode(), spilled.outcome().byCode());
        assertEquals(inMemory.report(), spilled.report());
        assertEquals(inMemory.feed(), spilled.feed());
        assertEquals(inMemory.sha256(), spilled.sha256());
        assertEquals(inMemory.feed(), resumed.feed());
        assertEquals(inMemory.report(), resumed.report());
        assertEquals(inMemory.sha256(), resumed.sha256());
        try (var left = Files.list(tmp)) {
            assertEquals(6, left.count(), "the three feeds and their reports, no spill or temp file");
        }
    }

    @Test
    void aLateDuplicateNearTheEndRewritesOnlyTheFeedsTailInPlace() throws Exception {
        StringBuilder feed = new StringBuilder(SnapFeedValidatorTest.WIDE_HEADER);
        int rows = 6_000;
        for (int i = 0; i < rows; i++) {
            Map<String, String> row = SnapFeedValidatorTest.product("id-" + i);
            row.put("description", i % 3 == 0 ? "two\nlines, \"quoted\"" : "plain");
            feed.append(SnapFeedValidatorTest.csv(row));
        }
        // ids past the small table's room go to the spill files: these repeats are found only once the feed is read
        feed.append(SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("id-5000")));
        feed.append(SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("id-5998")));
        feed.append(SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("id-last")));
        byte[] bytes = feed.toString().getBytes(StandardCharsets.UTF_8);
        Published inMemory = publish(bytes, "memory", 16 << 20, FeedDigest.INTERVAL);

        Path published = tmp.resolve(".tail.csv.tmp");
        Path report = tmp.resolve("tail.errors.csv");
        long interval = 4096;
        try (ProductIds ids = new ProductIds(tmp.resolve(".tail"), 1 << 15)) {
            FeedDigest sha256;
            SnapFeedValidator.Outcome outcome;
            try (FeedDigest out = new FeedDigest(Files.newOutputStream(published), interval);
                 Writer errors = Files.newBufferedWriter(report)) {
                sha256 = out;
                outcome = SnapFeedValidator.validate(new ByteArrayInputStream(bytes), out, errors, ids);
            }
            sha256.digest();
            long size = Files.size(published);
            Object file = Files.readAttributes(published, BasicFileAttributes.class).fileKey();
            LateDuplicateRemoval.Result result;
            try (LateDuplicates late = ids.lateDuplicates()) {
                result = LateDuplicateRemoval.apply(late, published, sha256, report, outcome);
            }

            assertEquals(inMemory.outcome(), result.outcome());
            assertEquals(inMemory.feed(), Files.readString(published));
            assertEquals(inMemory.report(), Files.readString(report));
            assertEquals(inMemory.sha256(), HexFormat.of().formatHex(result.sha256()));
            // the two duplicates are in the last rows: read from the checkpoint before the first of them, the rest kept in place
            // the first duplicate stood where the row after it (the last) stands once it is out
            long tail = size - (inMemory.feed().indexOf("\nid-last,") + 1);
            assertTrue(result.reread() <= tail + interval, result.reread() + " bytes read again, the tail is " + tail);
            assertTrue(result.reread() < size / 10, result.reread() + " of " + size + " bytes read again");
            assertEquals(file, Files.readAttributes(published, BasicFileAttributes.class).fileKey(), "the same file, changed in place");
        }
    }
}
