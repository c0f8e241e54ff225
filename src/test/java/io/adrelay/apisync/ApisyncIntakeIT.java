package io.adrelay.apisync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.WebhookAuthenticator;
import io.adrelay.common.storage.intake.FileIntakeStore;

/** APISync webhooks from a hostile or careless sender: strict bodies, bounded answers, backpressure and fairness. */
@CamelMainTest(properties = "adrelay.profile=prod")
class ApisyncIntakeIT {

    static final String TOKEN = "apisync-token-0123456789";
    static final String SECRET = "apisync-webhook-secret-42";
    static final String ITEM = "{\"reference_id\": \"%s\", \"ad_template_type\": \"vehicle\", \"available\": true, \"content_language\": \"pt-br\"}";

    @TempDir
    Path data;
    final ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 1000).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = TestRuntime.prod("apisync", data.toString())
                .set("apisync.base-url", apisync.baseUrl()).set("apisync.api-token", TOKEN).set("apisync.webhook-secret", SECRET)
                .set("apisync.read.throttle.requests", "50").set("apisync.write.throttle.requests", "50");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        apisync.close();
    }

    @Test
    void jsonSentAsAFormLikeCurlDashDIsTaken() throws Exception {
        HttpResponse<String> r = send("inventory-items", "application/x-www-form-urlencoded", item("curl-d").getBytes());
        assertEquals(202, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> apisync.count("inventory-items") == 1);
    }

    @Test
    void bodiesThatAreNotExactlyOneUtf8JsonValueAreRefusedAndNothingIsStored() throws Exception {
        assertRefused(400, "Trailing token", send("inventory-items", "application/json", (item("a") + item("b")).getBytes()));
        assertRefused(400, "close marker", send("inventory-items", "application/json", (item("a") + "}}}").getBytes()));
        byte[] invalid = item("Citro\u00ebn").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(400, "not valid UTF-8 (at byte 23)", send("inventory-items", "application/json", invalid));
        assertRefused(415, "charset=iso-8859-1", send("inventory-items", "application/json; charset=iso-8859-1", invalid));
        assertRefused(400, "NUL", send("inventory-items", "application/json", item("a\\u0000b").getBytes()));
        assertRefused(400, "depth", send("inventory-items", "application/json", ("[".repeat(100) + "]".repeat(100)).getBytes()));
        assertRefused(400, "Number value length", send("inventory-items", "application/json",
                item("n").replace("}", ", \"year\": " + "9".repeat(200) + "}").getBytes()));
        // half a character: not read as V?W
        assertRefused(400, "surrogate", send("inventory-items", "application/json", item("V\\ud800W").getBytes()));
        assertRefused(400, "(at byte 19)", send("inventory-items", "application/json", item("V\\ud800W").getBytes()));
        // a key twice: not "the last one wins"
        assertRefused(400, "\"available\"", send("inventory-items", "application/json",
                item("twice").replace("}", ", \"available\": false}").getBytes()));
        assertEquals(List.of(), FileIntakeStore.pendingIn(data.resolve("state/apisync/requests")));
        assertEquals(0, apisync.journal().entries().size());
    }

    @Test
    void imagesThatAreNotUrlObjectsAreInvalidLikeAnyOtherRecord() throws Exception {
        HttpResponse<String> r = send("inventory-items", "application/json", item("img").replace("}", ", \"images\": [1]}").getBytes());
        assertRefused(422, "invalid record", r);
        assertTrue(r.body().contains("images[0] must be an object"), r.body());
        assertEquals(0, apisync.journal().entries().size());
    }

    @Test
    void refusalsStaySmallWhateverTheBody() throws Exception {
        // 100,000 empty objects: refused for their number before anything is validated
        String empties = "[" + IntStream.range(0, 100_000).mapToObj(i -> "{}").collect(Collectors.joining(",")) + "]";
        HttpResponse<String> tooMany = send("inventory-items", "application/json", empties.getBytes());
        assertRefused(413, "too many records", tooMany);
        assertTrue(tooMany.body().length() < 200, tooMany.body());
        // 1,000 invalid records: the answer names 50 and counts them all
        String invalid = "[" + IntStream.range(0, 1000).mapToObj(i -> "{\"reference_id\": \"r" + i + "\"}").collect(Collectors.joining(",")) + "]";
        HttpResponse<String> refused = send("inventory-items", "application/json", invalid.getBytes());
        assertEquals(422, refused.statusCode());
        JsonNode answer = Json.MAPPER.readTree(refused.body());
        assertEquals(50, answer.path("problems").size());
        assertEquals(1000, answer.path("problems_total").asInt());
        assertTrue(refused.body().length() < 20_000, "bounded: " + refused.body().length() + " bytes");
    }

    @Test
    void aOneRecordRequestIsNotHeldBackByABigOneSentBefore() throws Exception {
        // at 50 writes/s the big one takes six seconds
        String big = "[" + IntStream.range(0, 300).mapToObj(i -> item("big-" + i)).collect(Collectors.joining(",")) + "]";
        String bigId = Json.MAPPER.readTree(send("inventory-items", "application/json", big.getBytes()).body()).path("tracking_id").asText();
        String smallId = Json.MAPPER.readTree(send("inventory-items", "application/json", item("small").getBytes()).body())
                .path("tracking_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(outcome(smallId).path("status").asText()));
        JsonNode bigNow = outcome(bigId);
        assertEquals("pending", bigNow.path("status").asText(), "the big request is still being synced");
        assertTrue(bigNow.path("records_done").asInt() < 100, bigNow.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(outcome(bigId).path("status").asText()));
        assertEquals(301, apisync.count("inventory-items"));
    }

    @Test
    void eachRequestAndEachRecordIsOneLogLine() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger apisyncLog = (Logger) LoggerFactory.getLogger("io.adrelay.apisync");
        lines.start();
        apisyncLog.addAppender(lines);
        try {
            String id = Json.MAPPER.readTree(send("inventory-items", "application/json", ("[" + item("log-a") + "," + item("log-b") + "]").getBytes())
                    .body()).path("tracking_id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(outcome(id).path("status").asText()));
            List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(messages.contains("APISync inventory-items: 2 record(s) accepted by webhook as " + id), messages.toString());
            for (String reference : List.of("log-a", "log-b")) {
                assertTrue(messages.stream().anyMatch(m -> m.startsWith("APISync inventory-items " + reference + " created: id ")),
                        messages.toString());
            }
        } finally {
            apisyncLog.detachAppender(lines);
        }
    }

    @Test
    void unknownPathsAnswerJson() throws Exception {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/webhooks/nowhere")).GET());
        assertEquals(404, r.statusCode());
        assertTrue(Json.MAPPER.readTree(r.body()).has("error"), r.body());
    }

    /** The drain is held back, so stored requests pile up to the limit. */
    @Nested
    class WhenTheQueueIsFull {

        @Configure
        void smallQueue(MainConfigurationProperties main) {
            app.set("adrelay.intake.max-pending", "3").set("apisync.drain.period-ms", "600000");
        }

        @Test
        void webhooksAreAskedToComeBackLaterAndTheQueueLengthIsMeasured() throws Exception {
            await().atMost(Duration.ofSeconds(5)).until(() -> app.get("/observe/metrics").body().contains("adrelay_intake_pending"));
            for (int i = 0; i < 3; i++) {
                assertEquals(202, send("inventory-items", "application/json", item("q" + i).getBytes()).statusCode());
            }
            HttpResponse<String> full = send("inventory-items", "application/json", item("q3").getBytes());
            assertRefused(503, "intake is full", full);
            assertTrue(Integer.parseInt(full.headers().firstValue("Retry-After").orElse("0")) > 0);
            assertTrue(app.get("/observe/metrics").body().contains("adrelay_intake_pending{api=\"apisync\"} 3.0"),
                    app.get("/observe/metrics").body().lines().filter(l -> l.contains("intake")).toList().toString());
        }
    }

    JsonNode outcome(String trackingId) throws Exception {
        return Json.MAPPER.readTree(app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/requests/" + trackingId))
                .header(WebhookAuthenticator.TOKEN_HEADER, SECRET).GET()).body());
    }

    static String item(String reference) {
        return String.format(ITEM, reference);
    }

    static void assertRefused(int status, String reason, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(Json.MAPPER.readTree(response.body()).path("error").asText().contains(reason), response.body());
    }

    HttpResponse<String> send(String resource, String contentType, byte[] body) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/" + resource))
                .header(WebhookAuthenticator.TOKEN_HEADER, SECRET).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
