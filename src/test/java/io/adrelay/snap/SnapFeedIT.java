package io.adrelay.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.TestRuntime;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A feed dropped in the inbox: bad rows refused and reported, the rest published. */
@CamelMainTest(properties = "adrelay.profile=prod")
class SnapFeedIT {

    @TempDir
    Path data;

    final SnapSimulator snap = SnapTestRuntime.simulator();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = SnapTestRuntime.of(data, snap, "catalogs: []\n");
        main.addMainListener(app);
    }

    @AfterEach
    void stop() {
        snap.close();
    }

    @Test
    void aFeedWithBadRowsPublishesTheRest() throws Exception {
        Path inbox = data.resolve("inbox/snap/spring-shoes");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("feed.csv"), SnapFeedValidatorTest.HEADER
                + SnapFeedValidatorTest.row("1", "https://x.com/1", "in stock", "12.34 USD", "new", "Acme", "")
                + SnapFeedValidatorTest.row("2", "https://x.com/2", "gone", "12.34 USD", "new", "Acme", "")
                + SnapFeedValidatorTest.row("3", "https://x.com/3", "in stock", "9.99 EUR", "used", "Acme", "")
                + "4," + "t".repeat(400) + ",A shoe,https://x.com/4,https://x.com/4.jpg,in stock,1.00 USD,new,Acme,\n");
        Path published = data.resolve("feeds/spring-shoes.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(published) && Files.exists(inbox.resolve(".done/feed.csv")));
        assertEquals(3, Files.readAllLines(published).size(), "header and two valid rows");
        String report = Files.readString(inbox.resolve(".reports/feed.csv.errors.csv"));
        assertTrue(report.contains("CAT_VALIDATION_ERROR_AVAILABILITY_INVALID"), report);
        assertTrue(report.contains("5,4,CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE,title,"), report);
        JsonNode summary = new ObjectMapper().readTree(data.resolve("state/snap/feeds/spring-shoes.json").toFile());
        assertEquals(2, summary.path("refused").asInt());
    }

    @Test
    void publishedFeedsAreServedWithETagAndRanges() throws Exception {
        Path inbox = data.resolve("inbox/snap/shoes");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("feed.csv"), SnapFeedValidatorTest.HEADER
                + SnapFeedValidatorTest.row("1", "https://x.com/1", "in stock", "12.34 USD", "new", "Acme", ""));
        Path published = data.resolve("feeds/shoes.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(published));
        byte[] bytes = Files.readAllBytes(published);

        HttpResponse<byte[]> whole = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).GET());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(bytes, whole.body());
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> head = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(etag, head.headers().firstValue("ETag").orElseThrow());
        assertEquals(0, head.body().length);
        // HEAD says how long GET's answer is, whole or a range
        assertEquals(String.valueOf(bytes.length), head.headers().firstValue("Content-Length").orElse("none"), head.headers().map().toString());
        HttpResponse<byte[]> headRange = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", "bytes=0-9")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(206, headRange.statusCode());
        assertEquals("10", headRange.headers().firstValue("Content-Length").orElse("none"), headRange.headers().map().toString());

        assertEquals(304, fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("If-None-Match", etag).GET()).statusCode());

        HttpResponse<byte[]> first = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", "bytes=0-9").GET());
        assertEquals(206, first.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 10), first.body());
        assertEquals("bytes 0-9/" + bytes.length, first.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> tail = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", "bytes=-5").GET());
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length), tail.body());
        assertEquals(416, fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", "bytes=99999-").GET()).statusCode());
        // a first byte beyond a long once answered 500 (NumberFormatException)
        HttpResponse<byte[]> overflow = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv"))
                .header("Range", "bytes=99999999999999999999-").GET());
        assertEquals(416, overflow.statusCode());
        assertEquals("bytes */" + bytes.length, overflow.headers().firstValue("Content-Range").orElseThrow());
        assertTrue(new ObjectMapper().readTree(overflow.body()).has("error"));
        // RFC 9110 14.2: a Range that is not valid, or asks for several ranges, is ignored: the whole feed
        for (String ignored : List.of("items=0-1", "bytes=5-3", "bytes=-", "bytes=0-1,5-6", "bytes=0-1, 99999-")) {
            HttpResponse<byte[]> whole200 = fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", ignored).GET());
            assertEquals(200, whole200.statusCode(), ignored);
            assertArrayEquals(bytes, whole200.body(), ignored);
            assertTrue(whole200.headers().firstValue("Content-Range").isEmpty(), ignored);
        }
        assertEquals(416, fetch(HttpRequest.newBuilder(app.uri("/feeds/shoes.csv")).header("Range", "bytes=-0").GET()).statusCode());
        assertEquals(404, fetch(HttpRequest.newBuilder(app.uri("/feeds/none.csv")).GET()).statusCode());
        assertEquals(404, fetch(HttpRequest.newBuilder(app.uri("/feeds/..%2Fstate.csv")).GET()).statusCode());
    }

    HttpResponse<byte[]> fetch(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
