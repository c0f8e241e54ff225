package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox limits hold in the heap adrelay documents (256 MiB): the largest file each allows is taken
 * without running the heap out. A Statlas asset is streamed, so its size does not count: one larger
 * than a 48 MiB heap is uploaded whole. An APISync drop is read whole, so its limits (16 MiB, 100,000
 * records) must fit: the largest drop they allow is stored at -Xmx256m.
 */
class InboxLimitsIT {

    static final String STATLAS_KEY = "statlas-key-limits-0001";
    static final String STATLAS_SECRET = "statlas-hook-secret-limits";
    static final String APISYNC_TOKEN = "apisync-token-limits-0001";
    static final String APISYNC_SECRET = "apisync-webhook-secret-limits";

    @TempDir
    Path tmp;

    @Test
    void aStatlasAssetLargerThanTheHeapIsUploadedWhole() throws Exception {
        Path data = tmp.resolve("data");
        long size = 100L << 20;
        try (StatlasSimulator statlas = new StatlasSimulator(STATLAS_KEY).start();
             ChildRuntime child = ChildRuntime.prod("limits-statlas", "statlas", data).heap("48m")
                     .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                     .env("STATLAS_WEBHOOK_SECRET", STATLAS_SECRET).env("STATLAS_DRIVE_FOLDER_ID", "drive-root")
                     .env("GOOGLE_DRIVE_ACCESS_TOKEN", "unused").env("GOOGLE_DRIVE_ROOT_URL", "http://127.0.0.1:9/")) {
            child.start();
            assertEquals(202, statlas.sendBatchCreated(child.uri("/webhooks/statlas?token=" + STATLAS_SECRET).toString(), "BAT001"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(data.resolve("state/statlas/batches/BAT001.json")));
            Path staging = tmp.resolve("spot.mp4");
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 7);
            try (OutputStream out = Files.newOutputStream(staging)) {
                for (long written = 0; written < size; written += block.length) {
                    out.write(block);
                }
            }
            Path ad = data.resolve("inbox/statlas/BAT001/4");
            Files.createDirectories(ad);
            Files.move(staging, ad.resolve("spot.mp4"), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                child.sampleRss();
                return Files.exists(ad.resolve(".done/spot.mp4")) || Files.isDirectory(ad.resolve(".error")) || !child.isAlive();
            });
            System.out.printf("InboxLimitsIT: a %d MiB Statlas asset at -Xmx48m: peak RSS %d MiB%n", size >> 20, child.peakRssMiB());
            assertNull(child.exitCode(), "adrelay is still running; see " + child.log());
            assertTrue(Files.exists(ad.resolve(".done/spot.mp4")), "uploaded; see " + child.log());
            JsonNode uploaded = statlas.batch("BAT001").path("ads").get(3).path("uploaded").get(0);
            assertEquals(size, uploaded.path("file_size_bytes").asLong());
        }
    }

    @Test
    void theLargestApisyncDropTheLimitsAllowIsStoredInTheDocumentedHeap() throws Exception {
        Path data = tmp.resolve("data");
        int records = 100_000;
        long maxBytes = 16 << 20;
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 1000).start();
             ChildRuntime child = ChildRuntime.prod("limits-apisync", "apisync", data).heap("256m")
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                     .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                     .jvmOption("-Xlog:gc:file=" + tmp.resolve("gc.log"))) {
            child.start();
            Path staging = tmp.resolve("items.json");
            // the records as long as 16 MiB allows: the most heap a drop can take
            String before = "{\"reference_id\": \"sku-%06d\", \"ad_template_type\": \"shoe\", \"available\": true,"
                    + " \"content_language\": \"pt-br\", \"title\": \"";
            String pad = "x".repeat((int) (maxBytes / records) - String.format(before, 0).length() - 3);
            try (Writer out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                out.write('[');
                for (int i = 0; i < records; i++) {
                    out.write((i == 0 ? "" : ",") + String.format(before, i) + pad + "\"}");
                }
                out.write(']');
            }
            long bytes = Files.size(staging);
            assertTrue(bytes <= maxBytes && bytes > maxBytes - (1 << 20), bytes + " bytes");
            Path inbox = data.resolve("inbox/apisync/inventory-items");
            Files.createDirectories(inbox);
            Files.move(staging, inbox.resolve("items.json"), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                child.sampleRss();
                return Files.exists(inbox.resolve(".done/items.json")) || Files.isDirectory(inbox.resolve(".error")) || !child.isAlive();
            });
            System.out.printf("InboxLimitsIT: an APISync drop of %d records, %d bytes, at -Xmx256m: peak RSS %d MiB%n",
                    records, bytes, child.peakRssMiB());
            assertNull(child.exitCode(), "adrelay is still running; see " + child.log());
            assertTrue(Files.exists(inbox.resolve(".done/items.json")), "stored; see " + child.log());
        }
    }
}
