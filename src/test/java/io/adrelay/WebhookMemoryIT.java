package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook bodies are held in memory while they arrive (up to camel.server.max-body-size, 10 MiB), before
 * anything looks at them: many large ones at once must not run the documented 256 MiB heap out. 40
 * bodies of 10 MiB sent together, without a token, as anyone on the network could: the ones over the
 * budget of bodies in flight are answered 503 with Retry-After before they are read, the others 413,
 * and adrelay stays up.
 */
class WebhookMemoryIT {

    static final String TOKEN = "apisync-token-webhook-memory";
    static final String SECRET = "apisync-webhook-secret-memory";
    static final int SENDERS = 40;

    @TempDir
    Path tmp;

    @Test
    void manyLargeBodiesAtOnceAreTurnedAwayNotHeld() throws Exception {
        try (ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 1000).start();
             ChildRuntime child = ChildRuntime.prod("webhook-memory", "apisync", tmp.resolve("data")).heap("256m")
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", TOKEN).env("APISYNC_WEBHOOK_SECRET", SECRET)) {
            child.start();
            byte[] body = new byte[(10 << 20) - 1024];
            Arrays.fill(body, (byte) ' ');
            body[0] = '[';
            body[body.length - 1] = ']';
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                answers.add(child.client().sendAsync(HttpRequest.newBuilder(child.uri("/webhooks/apisync/inventory-items"))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode)
                        .exceptionally(failure -> -1)); // a connection closed before the whole body was sent
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (CompletableFuture<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            child.sampleRss();
            System.out.printf("WebhookMemoryIT: %d bodies of 10 MiB at once at -Xmx256m: answers %s; peak RSS %d MiB%n",
                    SENDERS, statuses, child.peakRssMiB());

            assertNull(child.exitCode(), "adrelay is still running; see " + child.log());
            assertEquals(200, child.healthStatus(), "and healthy");
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 401 || s == 413 || s == 503 || s == -1),
                    "each is refused (401, 413), turned away (503) or cut off; never an internal error: " + statuses);
            assertTrue(statuses.getOrDefault(503, 0) > 0, "some were turned away: " + statuses);
        }
    }
}
