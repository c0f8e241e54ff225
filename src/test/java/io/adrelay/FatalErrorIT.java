package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.config.FatalErrors;

/**
 * An OutOfMemoryError in a consumer ends the process with {@link FatalErrors#EXIT_CODE}, so a supervisor
 * starts a fresh one, instead of leaving a process that looks healthy with a consumer that died: a tiny
 * heap, and an APISync drop the size limit allows but that heap cannot hold.
 */
class FatalErrorIT {

    static final String TOKEN = "apisync-token-fatal";
    static final String SECRET = "apisync-webhook-secret-fatal";
    static final int RECORDS = 400_000;

    @TempDir
    Path tmp;

    @Test
    void anOutOfMemoryErrorInAFileConsumerEndsTheProcessWithExitCode70() throws Exception {
        Path data = tmp.resolve("data");
        try (ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 1000).start();
             ChildRuntime child = ChildRuntime.prod("fatal-oom", "apisync", data).heap("48m")
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", TOKEN).env("APISYNC_WEBHOOK_SECRET", SECRET)
                     // the size limit lets the file in; the heap cannot hold it
                     .property("adrelay.inbox.apisync.max-bytes", String.valueOf(64 << 20))
                     .property("adrelay.inbox.apisync.max-records", String.valueOf(RECORDS))) {
            child.start();
            Path inbox = data.resolve("inbox/apisync/inventory-items");
            Files.createDirectories(inbox);
            Path staging = tmp.resolve("items.json");
            try (Writer out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                out.write('[');
                for (int i = 0; i < RECORDS; i++) {
                    out.write((i == 0 ? "" : ",") + "{\"reference_id\": \"sku-" + i + "\", \"ad_template_type\": \"shoe\","
                            + " \"available\": true, \"content_language\": \"pt-br\"}");
                }
                out.write(']');
            }
            long bytes = Files.size(staging);
            Files.move(staging, inbox.resolve("items.json"), StandardCopyOption.ATOMIC_MOVE);
            long dropped = System.nanoTime();

            // health is watched until the process is gone: once it is not UP it never is again
            List<Integer> health = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
                child.sampleRss();
                int status = child.healthStatus();
                if (health.isEmpty() || health.get(health.size() - 1) != status) {
                    health.add(status);
                }
                return !child.isAlive();
            });
            double seconds = (System.nanoTime() - dropped) / 1e9;
            System.out.printf("FatalErrorIT drop of %d records (%d MiB) into a 48 MiB heap: exit code %d after %.1fs;"
                    + " health answers seen in order %s (-1: nothing listening); peakRSS=%dMiB%n",
                    RECORDS, bytes >> 20, child.exitCode(), seconds, health, child.peakRssMiB());

            assertEquals(FatalErrors.EXIT_CODE, child.exitCode(), "exit code; see " + child.log());
            int firstNotUp = health.indexOf(health.stream().filter(s -> s != 200).findFirst().orElse(200));
            assertTrue(health.subList(firstNotUp, health.size()).stream().noneMatch(s -> s == 200),
                    "once health is not UP it stays so until the process is gone: " + health);
            assertEquals(0, apisync.journal().entries().size(), "nothing of the file reached APISync");
            // set aside with its reason, so the restarted process does not take it again and die again
            assertTrue(Files.exists(inbox.resolve(".error/items.json")), "the file is in .error/, for the operator to split");
            assertTrue(Files.readString(inbox.resolve(".error/items.json.error.json")).contains("OutOfMemoryError"));
        }
    }
}
