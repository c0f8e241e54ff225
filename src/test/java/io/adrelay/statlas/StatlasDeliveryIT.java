package io.adrelay.statlas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.StatlasSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drive to Statlas: designers fill the ad folders, adrelay delivers each batch once it is all there. */
@CamelMainTest(properties = "adrelay.profile=prod")
class StatlasDeliveryIT {

    static final String KEY = StatlasTestRuntime.KEY;
    static final String SECRET = StatlasTestRuntime.SECRET;

    @TempDir
    Path data;
    final StatlasSimulator statlas = new StatlasSimulator(KEY).start();
    DriveSimulator drive;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        drive = new DriveSimulator(data.resolve("drive"), StatlasTestRuntime.DRIVE_TOKEN).start();
        app = StatlasTestRuntime.of(data, statlas, drive).set("statlas.drive.poll-period", "300")
                .set("drive.throttle.requests", "100");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulators() {
        statlas.close();
        drive.close();
    }

    Path adFolder(int adNo) {
        return data.resolve("drive/BAMBU-XMAS-001").resolve(String.format("BAMBU-XMAS-001-%02d", adNo));
    }

    /** batch.created, then wait for the five ad folders adrelay prepares. */
    void batchCreated() throws Exception {
        assertEquals(202, statlas.sendBatchCreated(app.uri("/webhooks/statlas?token=" + SECRET).toString(), "BAT001"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(adFolder(5)));
    }

    void fill(int adNo) throws Exception {
        fill(adFolder(adNo), adNo);
    }

    /** What a designer puts in the ad's folder: ads 1-3 a video, 4 and 5 a still, each with its copy. */
    static void fill(Path folder, int adNo) throws Exception {
        if (adNo <= 3) {
            Files.write(folder.resolve("spot" + adNo + "_1080x1920.mp4"), ("video " + adNo).repeat(100).getBytes());
            Files.writeString(folder.resolve("copy.json"), "{\"headline\": \"Unwrap Beautiful Skin " + adNo
                    + "\", \"description\": \"The perfect holiday gift\", \"body\": \"Give the gift of radiant skin.\"}");
        } else {
            Files.write(folder.resolve("static" + adNo + ".png"), png(120, 63));
            Files.writeString(folder.resolve("copy.json"), "{\"headline\": \"Holiday Glow " + adNo
                    + "\", \"description\": \"Limited time offer\"}");
        }
    }

    /** The five ads of BAT001, all ready. */
    static void fillAll(java.util.function.IntFunction<Path> adFolder) throws Exception {
        for (int ad = 1; ad <= 5; ad++) {
            fill(adFolder.apply(ad), ad);
        }
    }

    static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void aFiveAdBatchGoesFromWebhookToInReview() throws Exception {
        batchCreated();
        for (int ad = 1; ad <= 5; ad++) {
            fill(ad);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "in_review".equals(statlas.batch("BAT001").path("status").asText())
                && statlas.journal().matching("POST", "/batches/BAT001/complete").size() == 1);
        List<ObjectNode> deliveries = statlas.deliveries();
        assertEquals(1, deliveries.size());
        JsonNode body = deliveries.get(0);
        assertEquals("bambu-earth", body.path("shop").asText());
        assertEquals(5, body.path("ads").size());
        JsonNode video = body.path("ads").get(0);
        assertEquals(1, video.path("ad_no").asInt());
        assertEquals("video", video.path("ad_type").asText());
        assertEquals("Unwrap Beautiful Skin 1", video.path("headline").asText());
        assertEquals("The perfect holiday gift", video.path("description").asText());
        assertEquals("Give the gift of radiant skin.", video.path("body").asText());
        assertTrue(video.path("folder_url").asText().startsWith("https://drive.google.com/drive/folders/"));
        JsonNode clip = video.path("assets").get(0);
        assertEquals("spot1_1080x1920.mp4", clip.path("name").asText());
        assertTrue(clip.path("url").asText().startsWith("https://drive.google.com/file/d/"));
        assertEquals(1080, clip.path("width").asInt());
        assertEquals(1920, clip.path("height").asInt());
        assertEquals(Files.size(adFolder(1).resolve("spot1_1080x1920.mp4")), clip.path("file_size_bytes").asLong());
        JsonNode still = body.path("ads").get(3);
        assertEquals("static", still.path("ad_type").asText());
        assertFalse(still.has("body"), "no body in its copy, none delivered");
        assertEquals(120, still.path("assets").get(0).path("width").asInt());
        assertEquals(63, still.path("assets").get(0).path("height").asInt());
        assertEquals(1, still.path("assets").size(), "copy.json is copy, not an asset");
    }

    @Test
    void aHalfReadyBatchIsNotDelivered() throws Exception {
        batchCreated();
        for (int ad = 1; ad <= 4; ad++) {
            fill(ad);
        }
        // ad 5 holds a video where a static ad needs an image: not ready either
        Files.write(adFolder(5).resolve("wrong_1080x1920.mp4"), "video".getBytes());
        Files.writeString(adFolder(5).resolve("copy.json"), "{\"headline\": \"h\", \"description\": \"d\"}");
        long before = drive.journal().entries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> drive.journal().entries().size() > before + 30);
        assertEquals(0, statlas.deliveries().size());
        Files.write(adFolder(5).resolve("static5.png"), png(10, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> statlas.deliveries().size() == 1);
    }

    @Test
    void aFileStillBeingWrittenIsNotDelivered() throws Exception {
        batchCreated();
        for (int ad = 1; ad <= 5; ad++) {
            fill(ad);
        }
        Path growing = adFolder(2).resolve("spot2_1080x1920.mp4");
        // the designer's upload goes on for many polls: the file grows while adrelay keeps looking
        long before = drive.journal().entries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Files.write(growing, "more".getBytes(), java.nio.file.StandardOpenOption.APPEND);
            return drive.journal().entries().size() > before + 40;
        });
        assertEquals(0, statlas.deliveries().size(), "nothing delivered while a file grows");
        await().atMost(Duration.ofSeconds(20)).until(() -> statlas.deliveries().size() == 1);
        JsonNode delivered = statlas.deliveries().get(0).path("ads").get(1).path("assets").get(0);
        assertEquals(Files.size(growing), delivered.path("file_size_bytes").asLong(), "the finished file");
    }

    @Test
    void aRevisedAdIsDeliveredAgain() throws Exception {
        batchCreated();
        for (int ad = 1; ad <= 5; ad++) {
            fill(ad);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> statlas.deliveries().size() == 1);
        statlas.sendRevisionRequested(app.uri("/webhooks/statlas?token=" + SECRET).toString(), "BAT001", 3, "Brighter, please");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(data.resolve("outbox/statlas/revisions")));
        Files.write(adFolder(3).resolve("spot3_1080x1920.mp4"), "brighter video".repeat(50).getBytes());
        Files.writeString(adFolder(3).resolve("copy.json"), "{\"headline\": \"Brighter Skin\", \"description\": \"The perfect holiday gift\","
                + " \"body\": \"Give the gift of radiant skin.\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> statlas.deliveries().size() == 2);
        JsonNode again = statlas.deliveries().get(1);
        assertEquals(1, again.path("ads").size());
        assertEquals(3, again.path("ads").get(0).path("ad_no").asInt());
        assertEquals("Brighter Skin", again.path("ads").get(0).path("headline").asText());
        assertEquals(1, statlas.journal().matching("PATCH", "/batches/BAT001/ads/3").size(), "the copy changed: PATCHed");
        assertEquals("Brighter Skin", statlas.batch("BAT001").path("ads").get(2).path("headline").asText());
    }

    @Test
    void assetAccessDeniedIsDeadLetteredWithTheFixThenReplayed() throws Exception {
        batchCreated();
        String folderUrl = "https://drive.google.com/drive/folders/" + folderId(1);
        statlas.denyFolder(folderUrl);
        for (int ad = 1; ad <= 5; ad++) {
            fill(ad);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !StatlasEventsIT.files(data.resolve("dead-letter/statlas")).isEmpty());
        JsonNode letter = Json.MAPPER.readTree(StatlasEventsIT.files(data.resolve("dead-letter/statlas")).get(0).toFile());
        assertEquals("ASSET_ACCESS_DENIED", letter.path("error").path("code").asText());
        assertTrue(letter.path("hint").asText().contains("statlas-assets@statlas.iam.gserviceaccount.com"), letter.toString());
        // polls go on (BAT002 keeps them busy), but the refused batch is paused, not refused again every poll
        assertEquals(202, statlas.sendBatchCreated(app.uri("/webhooks/statlas?token=" + SECRET).toString(), "BAT002"));
        long requests = drive.journal().entries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> drive.journal().entries().size() > requests + 20);
        assertEquals(1, StatlasEventsIT.files(data.resolve("dead-letter/statlas")).size());
        assertEquals(1, statlas.journal().matching("POST", "/batches/BAT001/deliver").size());

        statlas.allowFolder(folderUrl);
        JsonNode replay = Json.MAPPER.readTree(app.post("/ops/dead-letters/" + letter.path("id").asText() + "/replay", "").body());
        assertEquals("ok", replay.path("outcome").asText(), replay.toString());
        assertEquals(1, statlas.deliveries().size());
    }

    @Test
    void aRestartBetweenDeliverAndCompleteDeliversNothingTwice() throws Exception {
        batchCreated();
        for (int ad = 1; ad <= 5; ad++) {
            fill(ad);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> statlas.deliveries().size() == 1);
        // as if adrelay had stopped right after Statlas accepted the delivery: the registry never heard of it
        // (the poll may write the entry at the same moment: the edit is made again until it sticks)
        Path entry = data.resolve("state/statlas/batches/BAT001.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ObjectNode registered = (ObjectNode) Json.MAPPER.readTree(entry.toFile());
            if (statlas.journal().matching("POST", "/batches/BAT001/complete").size() == 1 && registered.has("delivered_at")) {
                registered.remove("delivered_at");
                ((ObjectNode) registered.path("batch")).put("status", "in_production");
                io.adrelay.common.storage.DataDirectory.writeAtomically(entry, registered.toString().getBytes());
            }
            return statlas.journal().matching("POST", "/batches/BAT001/complete").size() == 2;
        });
        assertEquals(1, statlas.deliveries().size(), "each (file, revision) delivered once");
    }

    /** The ad's Drive folder as the registry knows it, once the registry has written it (it follows the folders). */
    String folderId(int adNo) throws Exception {
        Path registry = data.resolve("state/statlas/batches/BAT001.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(registry) && !Json.MAPPER.readTree(registry.toFile())
                .path("drive").path("ads").path(String.valueOf(adNo)).path("folder_id").asText().isEmpty());
        return Json.MAPPER.readTree(registry.toFile()).path("drive").path("ads").path(String.valueOf(adNo)).path("folder_id").asText();
    }
}
