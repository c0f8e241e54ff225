package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.WebhookAuthenticator;

/**
 * The packaged jar with ADRELAY_LOG_FORMAT=json, as a log shipper reads it: every line one JSON object, no empty
 * field; a job run's lines carry the job and run id, a route's its route and exchange id, an APISync record's its
 * tracking id, a dead letter's its id; each refused webhook one WARN line (status, reason, source address, never
 * the secret it was sent with), at most adrelay.webhook.refused-lines.limit of a status a minute and then one
 * line saying how many were not logged. The log is the product here, so the test reads it.
 */
class JsonLogIT {

    static final String BSA_KEY = "bsa-key-json-log-0001";
    static final String APISYNC_TOKEN = "apisync-token-json-log";
    static final String APISYNC_SECRET = "apisync-webhook-secret-json-log";
    static final String WRONG_SECRET = "wrong-secret-in-a-flood-0042";
    static final String JOB = "bsa-pull-report-daily-stats";

    @TempDir
    Path tmp;

    @Test
    void everyLineIsJsonWithTheIdsOfWhatItIsAbout() throws Exception {
        List<JsonNode> lines;
        String runId;
        String trackingId;
        try (BsaSimulator bsa = new BsaSimulator(BSA_KEY, LocalDate.now()).start();
             ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 1000).start();
             ChildRuntime child = ChildRuntime.prod("json-log", "apisync,bsa", tmp.resolve("data")).env("ADRELAY_LOG_FORMAT", "json")
                     .env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", BSA_KEY).property("bsa.catch-up.enabled", "false")
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                     .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)) {
            child.start();
            for (int i = 0; i < 15; i++) {
                assertEquals(401, postItem(child, WRONG_SECRET, "ref-refused-" + i).statusCode());
            }
            HttpResponse<String> accepted = postItem(child, APISYNC_SECRET, "ref-json-log-1");
            assertEquals(202, accepted.statusCode(), accepted.body());
            trackingId = Json.MAPPER.readTree(accepted.body()).path("tracking_id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> child.send(HttpRequest.newBuilder(child.uri("/webhooks/apisync/requests/"
                    + trackingId)).header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).GET()).statusCode() == 200);

            HttpResponse<String> run = runJob(child);
            assertEquals(200, run.statusCode(), run.body());
            runId = Json.MAPPER.readTree(run.body()).path("run_id").asText();
            // a refusal BuySellAds gives every time: a dead letter
            bsa.faults().next(5, Fault.status(400));
            HttpResponse<String> failed = runJob(child);
            assertEquals("failed", Json.MAPPER.readTree(failed.body()).path("status").asText(), failed.body());
            child.stop();
            lines = jsonLines(child.log());
        }

        assertTrue(any(lines, l -> JOB.equals(l.path("job").asText()) && runId.equals(l.path("run_id").asText())
                && l.path("route_id").asText().startsWith("bsa-") && !l.path("exchange_id").asText().isEmpty()),
                "a line of the run with its job, run, route and exchange ids");
        assertTrue(any(lines, l -> trackingId.equals(l.path("tracking_id").asText()) && l.path("message").asText().contains("APISync")),
                "a line of the APISync record with its tracking id");
        assertTrue(any(lines, l -> l.has("dead_letter_id") && l.path("message").asText().startsWith("Dead letter " + l.path("dead_letter_id").asText())),
                "the dead letter's line with its id");

        List<JsonNode> refused = lines.stream().filter(l -> l.path("message").asText().contains("refused with 401")).toList();
        assertEquals(10, refused.size(), "at most 10 lines a minute for one status: " + refused);
        for (JsonNode line : refused) {
            assertEquals("WARN", line.path("level").asText());
            assertEquals("Webhook apisync refused with 401 (invalid token) from 127.0.0.1", line.path("message").asText());
        }
        assertTrue(any(lines, l -> l.path("message").asText().startsWith("5 more refused webhook(s) with status 401 were not logged")),
                "the refusals not logged are counted, at the latest when adrelay stops");
        assertFalse(lines.stream().anyMatch(l -> l.toString().contains(WRONG_SECRET)), "the secret a refused webhook sent is not logged");
    }

    static HttpResponse<String> postItem(ChildRuntime child, String secret, String reference) throws IOException, InterruptedException {
        return child.send(HttpRequest.newBuilder(child.uri("/webhooks/apisync/inventory-items"))
                .header(WebhookAuthenticator.TOKEN_HEADER, secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\","
                        + " \"available\": true, \"content_language\": \"pt-br\", \"title\": \"Shoe " + reference + "\"}")));
    }

    static HttpResponse<String> runJob(ChildRuntime child) throws IOException, InterruptedException {
        LocalDate day = LocalDate.now().minusDays(1);
        return child.send(HttpRequest.newBuilder(child.uri("/ops/jobs/" + JOB + "/run?wait=true"))
                .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"" + day + "\", \"to\": \"" + day + "\", \"force\": true}")));
    }

    /** Every line the process printed, each a JSON object with no empty field (the test's own header lines aside). */
    static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("=== ") || line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (IOException notJson) {
                throw new AssertionError("not JSON: " + line, notJson);
            }
            assertTrue(node.isObject(), line);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertFalse(field.getValue().asText().isEmpty(), "empty field " + field.getKey() + ": " + line);
            }
            lines.add(node);
        }
        return lines;
    }

    static boolean any(List<JsonNode> lines, Predicate<JsonNode> test) {
        return lines.stream().anyMatch(test);
    }
}
