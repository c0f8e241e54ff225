package io.adrelay.common.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.adrelay.TestRuntime;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Json;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * The data dir on a real, small file system (a tmpfs this test mounts; skipped, saying why, where it
 * cannot mount) that fills up while records are acknowledged and synced: nothing acknowledged is
 * lost, and everything completes once space returns.
 */
@CamelMainTest(properties = "adrelay.profile=prod")
class DiskFullIT {

    static final String TOKEN = "apisync-token-0123456789";
    static final String SECRET = "apisync-webhook-secret-42";

    @TempDir
    static Path mountPoint;
    static Path data;
    final ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 1000).start();
    TestRuntime app;

    @BeforeAll
    static void mountSmallFileSystem() throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes()).trim();
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + output);
    }

    @AfterAll
    static void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
    }

    @AfterEach
    void stopSimulator() throws Exception {
        apisync.close();
    }

    void configure(MainConfigurationProperties main, String minFreeBytes) throws IOException {
        data = Files.createTempDirectory(mountPoint, "data");
        app = TestRuntime.prod("apisync", data.toString())
                .set("apisync.base-url", apisync.baseUrl()).set("apisync.api-token", TOKEN).set("apisync.webhook-secret", SECRET)
                .set("apisync.write.throttle.requests", "4").set("adrelay.data-dir.min-free-bytes", minFreeBytes)
                .set("adrelay.inbox.name-check-period-ms", "500");
        main.addMainListener(app);
    }

    /** Below adrelay.data-dir.min-free-bytes: health DOWN, webhooks 503, drops and syncing wait. */
    @Nested
    class BelowTheMinimum {

        @Configure
        void gateAtEightMebibytes(MainConfigurationProperties main) throws IOException {
            configure(main, String.valueOf(8 << 20));
        }

        @Test
        void intakeStopsBeforeTheDiskIsFullAndEverythingCompletesOnceSpaceReturns() throws Exception {
            List<String> acknowledged = sendRecords("gate", 12);
            Path filler = fill(2 << 20);
            try {
                HttpResponse<String> health = app.get("/observe/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("adrelay.data-dir.min-free-bytes"), health.body());
                HttpResponse<String> refused = post("{\"reference_id\": \"late\", \"ad_template_type\": \"car\", \"available\": true,"
                        + " \"content_language\": \"pt-br\"}");
                assertEquals(503, refused.statusCode());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                Path drop = Files.createDirectories(data.resolve("inbox/apisync/inventory-items")).resolve("dropped.json");
                Files.writeString(drop, item("dropped"));
                int synced = apisync.count("inventory-items");
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> Files.exists(drop) && apisync.count("inventory-items") == synced);
            } finally {
                Files.delete(filler);
            }
            acknowledged.add("dropped");
            await().atMost(Duration.ofSeconds(30)).until(() -> apisync.count("inventory-items") == acknowledged.size());
            assertEquals(acknowledged.stream().sorted().toList(), references());
            await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/observe/health").statusCode() == 200);
            assertEquals(List.of(), tempFiles());
        }
    }

    /**
     * No minimum: writes fail for real while records are being synced. A failed write turns health DOWN
     * (check data-dir) until writes succeed again, and a record APISync has taken whose outcome could not
     * be saved is not sent again: its outcome is saved once there is space.
     */
    @Nested
    class WhenWritesFail {

        @Configure
        void noMinimum(MainConfigurationProperties main) throws IOException {
            configure(main, "0");
        }

        @Test
        void aFailedWriteTurnsHealthDownAndNoRecordIsSentTwice() throws Exception {
            List<String> acknowledged = sendRecords("full", 12);
            Path filler = fill(0);
            try {
                // the queue's journal appends into the free end of its last block: a few more requests may still be
                // stored (and are then acknowledged, and synced like the others) before a write needs a block
                HttpResponse<String> refused = post(item("while-full-0"));
                for (int i = 1; refused.statusCode() == 202 && i < 64; i++) {
                    acknowledged.add("while-full-" + (i - 1));
                    refused = post(item("while-full-" + i));
                }
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(Json.MAPPER.readTree(refused.body()).has("error"));
                // a write failed for lack of space: health says so, with the guard off too
                await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/observe/health").statusCode() == 503);
                HttpResponse<String> health = app.get("/observe/health");
                assertTrue(health.body().contains("data-dir"), health.body());
                // and stays so while the disk is full; nothing is sent twice meanwhile
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> app.get("/observe/health").statusCode() == 503 && duplicatePosts().isEmpty());
                assertTrue(pendingRequests() > 0, "records wait for space");
            } finally {
                Files.delete(filler);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pendingRequests() == 0);
            assertEquals(List.of(), duplicatePosts(), "no record POSTed twice");
            assertEquals(acknowledged.stream().sorted().toList(), references(), "each acknowledged record exactly once");
            for (Path result : list(data.resolve("outbox/apisync/results"))) {
                assertEquals("done", Json.MAPPER.readTree(result.toFile()).path("status").asText());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/observe/health").statusCode() == 200);
            assertEquals(List.of(), tempFiles());
        }

        /** reference_ids POSTed to APISync more than once. */
        List<String> duplicatePosts() throws IOException {
            Map<String, Integer> posts = new TreeMap<>();
            for (JournalEntry post : apisync.journal().matching("POST", "/inventory-items")) {
                posts.merge(Json.MAPPER.readTree(post.body()).path("data").path("attributes").path("reference_id").asText(), 1, Integer::sum);
            }
            return posts.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue()).toList();
        }
    }

    List<String> sendRecords(String prefix, int count) throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = post(item(prefix + "-" + i));
            assertEquals(202, r.statusCode(), r.body());
            acknowledged.add(prefix + "-" + i);
        }
        return acknowledged;
    }

    /** Fills the file system up to all but {@code leave} bytes. */
    static Path fill(long leave) throws IOException {
        Path filler = data.resolveSibling("filler-" + System.nanoTime());
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                out.write(chunk);
            }
        } catch (IOException full) {
            // the disk is full now
        }
        if (leave > 0) {
            try (FileChannel out = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                out.truncate(Math.max(0, out.size() - leave));
            }
        }
        return filler;
    }

    List<String> references() {
        return apisync.records("inventory-items").stream().map(r -> r.path("attributes").path("reference_id").asText()).sorted().toList();
    }

    long pendingRequests() throws IOException {
        return FileIntakeStore.pendingIn(data.resolve("state/apisync/requests")).size();
    }

    static List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    static String item(String reference) {
        return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"car\", \"available\": true, \"content_language\": \"pt-br\"}";
    }

    HttpResponse<String> post(String json) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/inventory-items"))
                .header("X-Webhook-Token", SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

}
