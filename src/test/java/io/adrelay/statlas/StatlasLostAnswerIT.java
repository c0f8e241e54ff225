package io.adrelay.statlas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.StatlasSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statlas uploads and deliveries whose answer never comes, against a Statlas that acts at once and holds its
 * answer past adrelay's read timeout ("hold"), or acts after adrelay has given up waiting ("late"): each is
 * made once. Read timeout 1 s, the API acting or answering 2.5 s after the request, the check 6 s after the send.
 */
@CamelMainTest(properties = "adrelay.profile=prod")
class StatlasLostAnswerIT {

    static final Duration HOLD = Duration.ofMillis(2500);
    static final Duration LATE = Duration.ofMillis(2500);

    @TempDir
    Path data;
    final StatlasSimulator statlas = new StatlasSimulator(StatlasTestRuntime.KEY).start();
    DriveSimulator drive;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        drive = new DriveSimulator(data.resolve("drive"), StatlasTestRuntime.DRIVE_TOKEN).start();
        app = StatlasTestRuntime.of(data, statlas, drive).set("statlas.drive.poll-period", "300")
                .set("drive.throttle.requests", "100")
                .set("camel.component.http.so-timeout", "1000").set("adrelay.egress.check-after-ms", "6000");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulators() {
        statlas.close();
        drive.close();
    }

    static Fault fault(String kind) {
        return kind.equals("hold") ? Fault.holdAnswer(HOLD) : Fault.actLate(LATE);
    }

    void batchCreated() throws Exception {
        assertEquals(202, statlas.sendBatchCreated(app.uri("/webhooks/statlas?token=" + StatlasTestRuntime.SECRET).toString(), "BAT001"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(adFolder(5)));
    }

    Path adFolder(int adNo) {
        return data.resolve("drive/BAMBU-XMAS-001").resolve(String.format("BAMBU-XMAS-001-%02d", adNo));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hold", "late"})
    void anUploadWhoseAnswerIsLostIsMadeOnce(String kind) throws Exception {
        batchCreated();
        statlas.faults().next(1, "POST", "/batches/BAT001/ads/4/assets", fault(kind));
        Path ad = data.resolve("inbox/statlas/BAT001/4");
        Files.createDirectories(ad);
        Files.write(ad.resolve("glow.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ad.resolve(".done/glow.png")) && statlas.idle());
        JsonNode uploaded = statlas.batch("BAT001").path("ads").get(3).path("uploaded");
        assertEquals(1, uploaded.size(), "one drop, one revision: " + uploaded);
        assertEquals(1, statlas.journal().matching("POST", "/batches/BAT001/ads/4/assets").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hold", "late"})
    void aDeliveryWhoseAnswerIsLostIsMadeOnce(String kind) throws Exception {
        batchCreated();
        statlas.faults().next(1, "POST", "/batches/BAT001/deliver", fault(kind));
        StatlasDeliveryIT.fillAll(this::adFolder);

        await().atMost(Duration.ofSeconds(30)).until(() -> statlas.journal().matching("POST", "/batches/BAT001/complete").size() == 1
                && Files.readString(data.resolve("state/statlas/batches/BAT001.json")).contains("delivered_at") && statlas.idle());
        assertEquals(1, statlas.deliveries().size());
        assertEquals(1, statlas.journal().matching("POST", "/batches/BAT001/deliver").size());
    }
}
