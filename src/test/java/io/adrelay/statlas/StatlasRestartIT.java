package io.adrelay.statlas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.StatlasSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * adrelay restarted in the middle of a batch: each test method is a new run of the application
 * over the same data directory, the same Drive and the same Statlas.
 */
@CamelMainTest(properties = "adrelay.profile=prod")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatlasRestartIT {

    @TempDir
    static Path data;
    static final StatlasSimulator STATLAS = new StatlasSimulator(StatlasTestRuntime.KEY).start();
    static DriveSimulator drive;

    @Configure
    void configure(MainConfigurationProperties main) {
        if (drive == null) {
            drive = new DriveSimulator(data.resolve("drive"), StatlasTestRuntime.DRIVE_TOKEN).start();
        }
        main.addMainListener(StatlasTestRuntime.of(data, STATLAS, drive).set("statlas.drive.poll-period", "300").set("drive.throttle.requests", "100")
                // nothing would call this port: the batch comes by reconciliation
                .set("statlas.reconcile.cron", "0/1 * * * * ?"));
    }

    @AfterAll
    static void stopSimulators() {
        STATLAS.close();
        drive.close();
    }

    static Path ad(int adNo) {
        return data.resolve("drive/BAMBU-XMAS-001").resolve(String.format("BAMBU-XMAS-001-%02d", adNo));
    }

    @Test
    @Order(1)
    void firstRunPreparesTheBatchAndSeesItHalfDone() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(ad(5)));
        for (int n = 1; n <= 3; n++) {
            Files.write(ad(n).resolve("spot_1080x1920.mp4"), ("clip " + n).getBytes());
            Files.writeString(ad(n).resolve("copy.json"), "{\"headline\": \"h" + n + "\", \"description\": \"d\", \"body\": \"b\"}");
        }
        long requests = drive.journal().entries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> drive.journal().entries().size() > requests + 30);
        assertEquals(0, STATLAS.deliveries().size());
    }

    @Test
    @Order(2)
    void secondRunFinishesItAndDeliversOnce() throws Exception {
        for (int n = 4; n <= 5; n++) {
            Files.write(ad(n).resolve("still_1200x628.png"), StatlasDeliveryIT.png(12, 6));
            Files.writeString(ad(n).resolve("copy.json"), "{\"headline\": \"h" + n + "\", \"description\": \"d\"}");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> STATLAS.journal().matching("POST", "/batches/BAT001/complete").size() == 1);
        assertEquals(1, STATLAS.deliveries().size());
        assertEquals(5, STATLAS.deliveries().get(0).path("ads").size());
    }

    @Test
    @Order(3)
    void thirdRunDeliversNothingAgain() {
        long requests = STATLAS.journal().entries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> STATLAS.journal().entries().size() > requests + 3);
        assertEquals(1, STATLAS.deliveries().size());
        assertEquals(1, STATLAS.journal().matching("POST", "/batches/BAT001/deliver").size());
    }
}
