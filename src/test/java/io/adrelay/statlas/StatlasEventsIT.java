package io.adrelay.statlas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.config.SecretMaskingFormatter;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.processor.LogProcessor;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statlas webhooks, reconciliation and direct uploads: the whole application against the simulator. */
@CamelMainTest(properties = "adrelay.profile=prod")
class StatlasEventsIT {

    static final String KEY = StatlasTestRuntime.KEY;
    static final String SECRET = StatlasTestRuntime.SECRET;

    @TempDir
    Path data;
    final StatlasSimulator statlas = new StatlasSimulator(KEY, 6, 6, 3, Duration.ofSeconds(2)).start();
    DriveSimulator drive;
    TestRuntime app;
    @BeanInject
    CamelContext context;

    @Configure
    void configure(MainConfigurationProperties main) {
        drive = new DriveSimulator(data.resolve("drive"), StatlasTestRuntime.DRIVE_TOKEN).start();
        app = StatlasTestRuntime.of(data, statlas, drive).set("statlas.drive.poll-period", "600000")
                // the simulator's limits, a tenth of the spec's window, and the same budget here
                .set("statlas.get.throttle.requests", "6").set("statlas.get.throttle.period-ms", "2100")
                .set("statlas.write.throttle.requests", "6").set("statlas.write.throttle.period-ms", "2100")
                .set("statlas.upload.throttle.requests", "3").set("statlas.upload.throttle.period-ms", "2100")
                .set("adrelay.intake.done-check-period-ms", "500");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        statlas.close();
        drive.close();
    }

    String webhookUrl() {
        return app.uri("/webhooks/statlas?token=" + SECRET).toString();
    }

    /**
     * The router logs one line per event it keeps without acting on it. Camel's own log mask ran three
     * case-insensitive regular expressions over each such line, half the intake's CPU; the log steps mask with
     * adrelay's SecretMasker instead, so they mask the same secrets as every other line.
     */
    @Test
    void theRoutersLogStepsMaskWithTheSecretMasker() {
        List<LogProcessor> logSteps = context.getRoute("statlas-receive-event-route").filter("*").stream()
                .filter(LogProcessor.class::isInstance).map(LogProcessor.class::cast).toList();
        assertFalse(logSteps.isEmpty(), "the router has its log step");
        for (LogProcessor step : logSteps) {
            assertTrue(step.getLogFormatter() instanceof SecretMaskingFormatter, String.valueOf(step.getLogFormatter()));
            assertEquals("event for " + SecretMasker.MASK + " kept", step.getLogFormatter().format("event for " + SECRET + " kept"));
        }
    }

    @Test
    void batchCreatedRegistersTheBatchWithItsAds() throws Exception {
        assertEquals(202, statlas.sendBatchCreated(webhookUrl(), "BAT001"));
        JsonNode batch = awaitRegistered("BAT001").path("batch");
        assertEquals("BAMBU-XMAS-001", batch.path("batch_code").asText());
        assertEquals(5, batch.path("ads").size());
        assertEquals("BAMBU-XMAS-001-04", batch.path("ads").get(3).path("ad_code").asText());
        assertEquals("static", batch.path("ads").get(3).path("ad_type").asText());
        // and prepares one Drive folder per ad under <batch_code>/
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(data.resolve("drive/BAMBU-XMAS-001/BAMBU-XMAS-001-05")));
        JournalEntry get = statlas.journal().matching("GET", "/batches/BAT001").get(0);
        assertEquals("shop=bambu-earth", get.rawQuery());
        assertEquals("Bearer " + KEY, get.header("Authorization"));
    }

    @Test
    void batchUpdatedRefreshesTheRegistry() throws Exception {
        statlas.sendBatchCreated(webhookUrl(), "BAT002");
        assertEquals("BAMBU-NY-002", awaitRegistered("BAT002").path("batch").path("batch_code").asText());
        // the client changes the batch in Statlas, which says so
        statlas.addBatch("BAT002", "BAMBU-NY-002", "bambu-earth", 2, 1, "in_production");
        assertEquals(202, post("{\"event\": \"batch.updated\", \"data\": {\"batch_id\": \"BAT002\", \"shop\": \"bambu-earth\"}}")
                .statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitRegistered("BAT002").path("batch").path("ads").size() == 3);
        assertEquals("in_production", awaitRegistered("BAT002").path("batch").path("status").asText());
        assertEquals(2, statlas.journal().matching("GET", "/batches/BAT002").size());
    }

    @Test
    void revisionRequestedMarksTheAdAndNotifies() throws Exception {
        statlas.sendBatchCreated(webhookUrl(), "BAT001");
        awaitRegistered("BAT001");
        assertEquals(202, statlas.sendRevisionRequested(webhookUrl(), "BAT001", 3, "I don't like this color"));
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitRegistered("BAT001").path("notes").path("3").path("revision_requested").asBoolean());
        JsonNode note = awaitRegistered("BAT001").path("notes").path("3");
        assertEquals("I don't like this color", note.path("feedback_summary").asText());
        assertEquals("https://app.statlas.io/revisions/BAT001/3", note.path("revision_url").asText());
        // the notice is the route's step after the registry's: written a moment after the note shows
        await().atMost(Duration.ofSeconds(20)).until(() -> !files(data.resolve("outbox/statlas/revisions")).isEmpty());
        List<Path> notices = files(data.resolve("outbox/statlas/revisions"));
        assertEquals(1, notices.size());
        assertEquals(3, Json.MAPPER.readTree(notices.get(0).toFile()).path("ad_no").asInt());
    }

    @Test
    void reconciliationPicksUpBatchesWhoseWebhookNeverCame() throws Exception {
        for (int i = 10; i < 22; i++) {
            statlas.addBatch("BAT0" + i, "GLOW-" + i, "glow-shop", 1, 1, i % 2 == 0 ? "submitted" : "in_production");
        }
        statlas.addBatch("BAT099", "OLD-99", "glow-shop", 1, 0, "completed");
        statlas.faults().next(2, "/batches", Fault.tooManyRequests(1));
        HttpResponse<String> run = app.post("/ops/jobs/statlas-reconcile-batches/run?wait=true", "");
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().contains("14 batch(es) picked up"), run.body());
        for (int i = 10; i < 22; i++) {
            assertTrue(Files.exists(registryFile("BAT0" + i)), "BAT0" + i);
        }
        assertFalse(Files.exists(registryFile("BAT099")), "completed batches are not open");
        // the storm: two injected 429s, and never one from the simulator's own limits
        assertEquals(2, statlas.journal().count(e -> e.status() == 429));
    }

    @Test
    void aDroppedFileIsUploadedToItsAd() throws Exception {
        statlas.sendBatchCreated(webhookUrl(), "BAT001");
        awaitRegistered("BAT001");
        Path ad = data.resolve("inbox/statlas/BAT001/4");
        Files.createDirectories(ad);
        Files.write(ad.resolve("glow_1080x1920.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ad.resolve(".done/glow_1080x1920.png")));
        JsonNode uploaded = statlas.batch("BAT001").path("ads").get(3).path("uploaded").get(0);
        assertEquals("glow_1080x1920.png", uploaded.path("name").asText());
        assertEquals(8, uploaded.path("file_size_bytes").asInt());
    }

    @Test
    void aDropForAnUnknownBatchIsRefusedWithItsReason() throws Exception {
        Path ad = data.resolve("inbox/statlas/BAT777/1");
        Files.createDirectories(ad);
        Files.writeString(ad.resolve("x.png"), "png");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ad.resolve(".error/x.png.error.json")));
        assertTrue(Files.readString(ad.resolve(".error/x.png.error.json")).contains("BAT777 is unknown"));
        assertTrue(Files.exists(ad.resolve(".error/x.png")));
    }

    @Test
    void anUnknownBatchIsFinalAndDeadLettered() throws Exception {
        String event = "{\"event\": \"batch.created\", \"data\": {\"batch_id\": \"BAT404\", \"shop\": \"bambu-earth\"}}";
        assertEquals(202, post(event).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(data.resolve("dead-letter/statlas"))
                && !files(data.resolve("dead-letter/statlas")).isEmpty());
        JsonNode letter = Json.MAPPER.readTree(files(data.resolve("dead-letter/statlas")).get(0).toFile());
        assertEquals("BATCH_NOT_FOUND", letter.path("error").path("code").asText());
        assertEquals(1, statlas.journal().matching("GET", "/batches/BAT404").size(), "final: not retried");
        assertFalse(letter.toString().contains(KEY));
    }

    @Test
    void webhooksAreAuthenticatedValidatedAndKept() throws Exception {
        String created = "{\"event\": \"batch.created\", \"data\": {\"batch_id\": \"BAT001\", \"shop\": \"bambu-earth\"}}";
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/webhooks/statlas"))
                .POST(HttpRequest.BodyPublishers.ofString(created))).statusCode());
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/webhooks/statlas?token=wrong"))
                .POST(HttpRequest.BodyPublishers.ofString(created))).statusCode());
        HttpResponse<String> malformed = post("{\"event\": ");
        assertEquals(400, malformed.statusCode());
        assertTrue(Json.MAPPER.readTree(malformed.body()).has("error"));
        HttpResponse<String> invalid = post("{\"event\": \"revision.requested\", \"data\": {\"batch_id\": \"BAT001\"}}");
        assertEquals(422, invalid.statusCode());
        assertEquals(2, Json.MAPPER.readTree(invalid.body()).path("problems").size(), invalid.body());
        HttpResponse<String> unknown = post("{\"event\": \"batch.archived\", \"data\": {}}");
        assertEquals(202, unknown.statusCode());
        String kept = Json.MAPPER.readTree(unknown.body()).path("tracking_id").asText();
        FileIntakeStore events = new FileIntakeStore(data.resolve("state/statlas/events"));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.isDone(kept));
        assertEquals(0, statlas.journal().entries().size(), "nothing to fetch for an unknown event");
    }

    /** The route adrelay-forget-done-requests forgets the days of done events past adrelay.intake.done-kept-days. */
    @Test
    void doneEventsAreForgottenOnceTheirDaysArePast() throws Exception {
        Path done = Files.createDirectories(data.resolve("state/statlas/events/.done"));
        Path old = Files.writeString(done.resolve(LocalDate.now(ZoneOffset.UTC).minusDays(31) + ".jsonl"), "{\"id\":\"x\",\"request\":{}}\n");
        HttpResponse<String> unknown = post("{\"event\": \"batch.archived\", \"data\": {}}");
        String kept = Json.MAPPER.readTree(unknown.body()).path("tracking_id").asText();
        FileIntakeStore events = new FileIntakeStore(data.resolve("state/statlas/events"));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.isDone(kept) && Files.notExists(old));
        // today's stays, and retiring goes on into it
        assertTrue(Files.exists(done.resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl")));
        String next = Json.MAPPER.readTree(post("{\"event\": \"batch.archived\", \"data\": {}}").body()).path("tracking_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> events.isDone(next));
    }

    HttpResponse<String> post(String json) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/statlas"))
                .header("X-Webhook-Token", SECRET).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Path registryFile(String batchId) {
        return data.resolve("state/statlas/batches").resolve(batchId + ".json");
    }

    JsonNode awaitRegistered(String batchId) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(registryFile(batchId)));
        return Json.MAPPER.readTree(registryFile(batchId).toFile());
    }

    static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
