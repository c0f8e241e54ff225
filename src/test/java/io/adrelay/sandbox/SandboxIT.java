package io.adrelay.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.TestRuntime;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer gets with no configuration: simulators on loopback, every flow end to end, ops open. */
@CamelMainTest(properties = "adrelay.profile=sandbox")
class SandboxIT {

    @TempDir
    Path data;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = new TestRuntime().set("adrelay.data-dir", data.toString()).set("adrelay.sandbox.port-base", "0")
                .set("statlas.drive.poll-period", "1000").set("statlas.drive.poll-delay", "200").set("snap.feed.demo.cron", "0/2 * * * * ?");
        main.addMainListener(app);
        // as the jar's launcher does
        main.addMainListener(new SimulatorStarter());
    }

    @Test
    void isHealthyAndPullsYesterdaysReportsWithoutAnyConfiguration() {
        // consumers report healthy after their first poll
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/observe/health").statusCode() == 200);
        assertTrue(app.get("/observe/health").body().contains("UP"));
        String yesterday = LocalDate.now().minusDays(1) + ".csv";
        await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")
                .allMatch(r -> Files.exists(data.resolve("outbox/bsa").resolve(r).resolve(yesterday))));
        // ops are open in the sandbox
        assertEquals(200, app.send(HttpRequest.newBuilder(app.uri("/ops/jobs")).GET()).statusCode());
    }

    @Test
    void theSeededBatchGoesToInReviewWithoutAnyoneDoingAnything_theNextOneByDroppingFiles() throws Exception {
        Path delivered = data.resolve("state/statlas/batches/BAT001.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(delivered) && Files.readString(delivered).contains("\"delivered_at\""));

        // BAT002 (one video, one static ad) is left for a person
        Path batch = data.resolve("sandbox-drive/BAMBU-NY-002");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(batch.resolve("BAMBU-NY-002-02")));
        Files.write(batch.resolve("BAMBU-NY-002-01/spot_1080x1920.mp4"), "a video".getBytes());
        Files.writeString(batch.resolve("BAMBU-NY-002-01/copy.json"), "{\"headline\": \"New year\", \"description\": \"Demo\"}");
        Files.write(batch.resolve("BAMBU-NY-002-02/still_1080x1080.png"), "an image".getBytes());
        Files.writeString(batch.resolve("BAMBU-NY-002-02/copy.json"), "{\"headline\": \"New you\", \"description\": \"Demo\"}");
        Path registry = data.resolve("state/statlas/batches/BAT002.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(registry).contains("\"delivered_at\""));
    }

    @Test
    void theReadmesApisyncExamplesWorkAsWritten() throws Exception {
        // each `curl ... localhost:8080/webhooks/apisync/<resource> -d '<json>'` of the README, sent as curl -d sends it: a form
        Matcher example = Pattern.compile("localhost:8080/webhooks/apisync/([a-z-]+) -d '([^']+)'")
                .matcher(Files.readString(Path.of("README.md")));
        List<String> trackingIds = new ArrayList<>();
        while (example.find()) {
            HttpResponse<String> accepted = app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/" + example.group(1)))
                    .header("X-Webhook-Token", "sandbox-apisync-secret").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(example.group(2))));
            assertEquals(202, accepted.statusCode(), example.group(1) + ": " + accepted.body());
            String tracking = new ObjectMapper().readTree(accepted.body()).path("tracking_id").asText();
            trackingIds.add(tracking);
            HttpRequest.Builder outcome = HttpRequest.newBuilder(app.uri("/webhooks/apisync/requests/" + tracking))
                    .header("X-Webhook-Token", "sandbox-apisync-secret").GET();
            await().atMost(Duration.ofSeconds(20)).until(() -> app.send(outcome).body().contains("\"created\""));
        }
        assertEquals(4, trackingIds.size(), "the README shows an item, a campaign, an ad set and an ad");
    }

    @Test
    void theSandboxsDemoProductsThenTheReadmesDemoFeedAreUploadedToSnapAndComplete() throws Exception {
        // a fresh data dir gets the sandbox's demo products, uploaded at the first firing
        Path reports = data.resolve("outbox/snap/feed-uploads");
        JsonNode sandboxDemo = awaitReports(reports, 1).get(0);
        assertEquals("COMPLETE", sandboxDemo.path("status").asText(), sandboxDemo.toString());
        assertEquals(10, sandboxDemo.path("summary").path("total_items").asInt(), sandboxDemo.toString());
        assertEquals(0, sandboxDemo.path("summary").path("items_errored").asInt(), sandboxDemo.toString());

        Path inbox = data.resolve("inbox/snap/demo");
        Files.copy(Path.of("src/test/resources/fixtures/snap/demo-feed.csv"), inbox.resolve("demo-feed.csv"));
        JsonNode report = awaitReports(reports, 2).stream()
                .filter(r -> !r.path("upload_id").equals(sandboxDemo.path("upload_id"))).findFirst().orElseThrow();
        assertEquals("COMPLETE", report.path("status").asText(), report.toString());
        assertEquals(4, report.path("summary").path("total_items").asInt(), "the row with a bad link stays behind");
    }

    private static List<JsonNode> awaitReports(Path reports, int count) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(reports)) {
                return files.filter(f -> f.toString().endsWith(".json")).count() == count;
            } catch (NoSuchFileException notYet) {
                return false;
            }
        });
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                found.add(new ObjectMapper().readTree(file.toFile()));
            }
        }
        return found;
    }
}
