package io.adrelay.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.Application;
import io.adrelay.TestRuntime;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A feed dropped in the inbox: bad rows refused and reported, the rest published. */
@CamelMainTest(mainClass = Application.class, properties = "adrelay.profile=prod")
class SnapFeedIT {

    @TempDir
    Path data;

    @Configure
    void configure(MainConfigurationProperties main) {
        main.addMainListener(TestRuntime.prod("snap", data.toString()).set("snap.access-token", "snap-token-0123456789"));
    }

    @Test
    void aFeedWithBadRowsPublishesTheRest() throws Exception {
        Path inbox = data.resolve("inbox/snap/spring-shoes");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("feed.csv"), SnapFeedValidatorTest.HEADER
                + SnapFeedValidatorTest.row("1", "https://x.com/1", "in stock", "12.34 USD", "new", "Acme", "")
                + SnapFeedValidatorTest.row("2", "https://x.com/2", "gone", "12.34 USD", "new", "Acme", "")
                + SnapFeedValidatorTest.row("3", "https://x.com/3", "in stock", "9.99 EUR", "used", "Acme", ""));
        Path published = data.resolve("feeds/spring-shoes.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(published) && Files.exists(inbox.resolve(".done/feed.csv")));
        assertEquals(3, Files.readAllLines(published).size(), "header and two valid rows");
        assertTrue(Files.readString(inbox.resolve(".reports/feed.csv.errors.csv")).contains("CAT_VALIDATION_ERROR_AVAILABILITY_INVALID"));
        JsonNode summary = new ObjectMapper().readTree(data.resolve("state/snap/feeds/spring-shoes.json").toFile());
        assertEquals(1, summary.path("refused").asInt());
    }

    @Test
    void aFileWithNoValidRowMovesToError() throws Exception {
        Path inbox = data.resolve("inbox/snap/winter");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("feed.csv"), "sku,name\n1,x\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".error/feed.csv.error.json")));
        assertTrue(Files.readString(inbox.resolve(".error/feed.csv.error.json")).contains("not a Snap product feed"));
        assertTrue(!Files.exists(data.resolve("feeds/winter.csv")));
    }
}
