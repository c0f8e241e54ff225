package io.adrelay.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.ChildRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed far larger than the heap's share for product ids, published by the packaged jar at -Xmx64m:
 * the id check spills to disk instead of growing in memory (the former table of 64-bit hashes needed
 * 48 MiB while growing past a million ids, and ran this heap out), and still finds every duplicate,
 * early or late, with its line, as the report has always named them.
 */
class SnapFeedMemoryIT {

    static final String CLIENT = "snap-client-memory";
    static final String SECRET = "snap-client-secret-memory";
    static final String REFRESH = "snap-refresh-token-memory";
    static final int ROWS = 1_200_000;
    /** Data rows (1-based, as the report's line - 1) that repeat an earlier id, and the row whose id they repeat. */
    static final long[][] DUPLICATES = {{600_001, 7}, {900_000, 800_000}, {1_199_998, 7}, {1_200_000, 1_199_999}};

    @TempDir
    Path tmp;

    static String id(long row) {
        for (long[] duplicate : DUPLICATES) {
            if (duplicate[0] == row) {
                return "p" + duplicate[1];
            }
        }
        return "p" + row;
    }

    @Test
    void aFeedLargerThanTheHeapIsPublishedWithEveryDuplicateRefused() throws Exception {
        Path data = tmp.resolve("data");
        Path declaration = tmp.resolve("snap-catalogs.yaml");
        Files.writeString(declaration, "catalogs: []\n");
        try (SnapSimulator snap = new SnapSimulator(CLIENT, SECRET, REFRESH).start();
             ChildRuntime child = ChildRuntime.prod("snap-feed-memory", "snap", data).heap("64m").fastStart(false)
                     .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", CLIENT)
                     .env("SNAP_CLIENT_SECRET", SECRET).env("SNAP_REFRESH_TOKEN", REFRESH)
                     .property("snap.catalogs-file", declaration.toString())
                     .property("snap.campaigns-file", tmp.resolve("snap-campaigns.yaml").toString())) {
            child.start();
            Path inbox = data.resolve("inbox/snap/large");
            Files.createDirectories(inbox);
            Path staging = tmp.resolve("feed.csv");
            try (Writer out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                out.write(SnapFeedValidatorTest.HEADER);
                for (long row = 1; row <= ROWS; row++) {
                    String id = id(row);
                    out.write(id + ",Shoe,A shoe,https://s.co/" + row + ",https://s.co/" + row + ".jpg,in stock,9.99 USD,new,Acme,\n");
                }
            }
            long bytes = Files.size(staging);
            Files.move(staging, inbox.resolve("feed.csv"), StandardCopyOption.ATOMIC_MOVE);
            long dropped = System.nanoTime();

            Path summary = data.resolve("state/snap/feeds/large.json");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                child.sampleRss();
                return Files.exists(summary) || !child.isAlive();
            });
            System.out.printf("SnapFeedMemoryIT: %,d rows (%d MiB) at -Xmx64m, done or dead after %.1fs; peak RSS %d MiB%n",
                    ROWS, bytes >> 20, (System.nanoTime() - dropped) / 1e9, child.peakRssMiB());
            assertNull(child.exitCode(), "adrelay is still running; see " + child.log());

            JsonNode published = Json.MAPPER.readTree(summary.toFile());
            assertEquals(ROWS, published.path("rows").asLong(), published.toString());
            assertEquals(ROWS - DUPLICATES.length, published.path("published").asLong(), published.toString());
            assertEquals(DUPLICATES.length, published.path("refused_by_code").path("CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT").asLong(),
                    published.toString());

            // the report: a row per duplicate, in line order, the line as the file numbers it (the header is line 1)
            List<String> expected = new ArrayList<>();
            expected.add("line,id,code,column,message");
            for (long[] duplicate : DUPLICATES) {
                expected.add((duplicate[0] + 1) + ",p" + duplicate[1] + ",CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT,id,"
                        + "Duplicate Product: id p" + duplicate[1] + " appears earlier");
            }
            assertEquals(expected, Files.readAllLines(inbox.resolve(".reports/feed.csv.errors.csv")));

            // the published feed: every first occurrence in order, no repeat
            long rows = 0;
            try (BufferedReader feed = Files.newBufferedReader(data.resolve("feeds/large.csv"))) {
                assertEquals(SnapFeedValidatorTest.HEADER.strip(), feed.readLine());
                long expectedRow = 1;
                for (String line; (line = feed.readLine()) != null; rows++, expectedRow++) {
                    while (isDuplicate(expectedRow)) {
                        expectedRow++;
                    }
                    assertTrue(line.startsWith("p" + expectedRow + ",Shoe,A shoe,https://s.co/" + expectedRow + ","),
                            "published row " + (rows + 1) + ": " + line);
                }
            }
            assertEquals(ROWS - DUPLICATES.length, rows);
            try (Stream<Path> files = Files.walk(data)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no spill or temp file is left");
            }
        }
    }

    static boolean isDuplicate(long row) {
        for (long[] duplicate : DUPLICATES) {
            if (duplicate[0] == row) {
                return true;
            }
        }
        return false;
    }
}
