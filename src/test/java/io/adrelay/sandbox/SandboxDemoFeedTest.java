package io.adrelay.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.adrelay.TestHttp;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox drops its demo products once into a fresh data dir, and they fill every product set the packaged declaration gives the demo catalog. */
class SandboxDemoFeedTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void dropsOnceIntoAFreshDataDirAsAPersonWould() throws Exception {
        assertTrue(SandboxDemoFeed.dropInto(data));
        Path dropped = data.resolve("inbox/snap/demo").resolve(SandboxDemoFeed.FILE_NAME);
        assertEquals(SandboxDemoFeed.CSV, Files.readString(dropped));
        try (Stream<Path> inbox = Files.list(dropped.getParent())) {
            assertEquals(List.of(dropped), inbox.toList(), "nothing half-written left behind");
        }
        assertFalse(SandboxDemoFeed.dropInto(data), "the demo file not taken yet is a file in the inbox");

        // once taken: the file moved to .done/ and the feed published
        Files.createDirectories(data.resolve("inbox/snap/demo/.done"));
        Files.move(dropped, data.resolve("inbox/snap/demo/.done").resolve(SandboxDemoFeed.FILE_NAME));
        Files.createDirectories(data.resolve("feeds"));
        Files.writeString(data.resolve("feeds/demo.csv"), SandboxDemoFeed.CSV);
        assertFalse(SandboxDemoFeed.dropInto(data));
        assertFalse(Files.exists(dropped));
    }

    @Test
    void aPersonsOwnFeedInTheInboxIsLeftAlone() throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox/snap/demo"));
        Files.writeString(inbox.resolve("mine.csv"), "id,title\n");
        assertFalse(SandboxDemoFeed.dropInto(data));
        try (Stream<Path> files = Files.list(inbox)) {
            assertEquals(List.of(inbox.resolve("mine.csv")), files.toList());
        }
    }

    @Test
    void theDemoProductsFillEveryDeclaredProductSetOfTheDemoCatalog() throws Exception {
        JsonNode demo = new ObjectMapper(new YAMLFactory()).readTree(Path.of("routes/snap-catalogs.yaml").toFile()).path("catalogs").get(0);
        assertEquals("demo", demo.path("key").asText());
        HttpServer feedHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedHost.createContext("/demo.csv", exchange -> {
            byte[] csv = SandboxDemoFeed.CSV.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, csv.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(csv);
            }
        });
        feedHost.start();
        try (SnapSimulator snap = new SnapSimulator("client", "secret", "refresh").uploadStep(Duration.ofMillis(20)).rateLimit(1000).start()) {
            Snap api = new Snap(snap);
            String catalogId = api.created("/organizations/" + demo.path("organization_id").asText() + "/catalogs", "catalogs", "catalog",
                    JSON.createObjectNode().put("organization_id", demo.path("organization_id").asText()).put("name", demo.path("name").asText())
                            .put("vertical", demo.path("vertical").asText()));
            String feedId = api.created("/catalogs/" + catalogId + "/product_feeds", "product_feeds", "product_feed",
                    JSON.createObjectNode().put("name", "demo").put("default_currency", "USD"));
            String uploadId = api.created("/product_feeds/" + feedId + "/feed_uploads", "feed_uploads", "feed_upload",
                    JSON.createObjectNode().put("url", "http://127.0.0.1:" + feedHost.getAddress().getPort() + "/demo.csv").put("update_type", "REPLACE"));
            await().atMost(Duration.ofSeconds(10)).until(() -> snap.feedUpload(uploadId).path("status").asText().equals("COMPLETE"));
            assertEquals(10, snap.feedUpload(uploadId).path("summary").path("total_items").asInt());
            assertEquals(0, snap.feedUpload(uploadId).path("summary").path("items_errored").asInt(), "every demo row is valid");

            List<String> sets = new ArrayList<>();
            for (JsonNode declared : demo.path("product_sets")) {
                ObjectNode set = JSON.createObjectNode().put("name", declared.path("name").asText());
                set.set("filter", declared.path("filter"));
                String setId = api.created("/catalogs/" + catalogId + "/product_sets", "product_sets", "product_set", set);
                ObjectNode search = JSON.createObjectNode();
                search.putObject("filter").putObject("PRODUCT_SET_ID").put("EQ", setId);
                int count = JSON.readTree(api.call("POST", "/catalogs/" + catalogId + "/products/search", search).body())
                        .path("summary").path("total_products").path("count").asInt();
                assertTrue(count > 0 && count < 10, declared.path("name").asText() + " selects " + count + " of the 10 demo products");
                sets.add(declared.path("name").asText());
            }
            assertEquals(List.of("In stock", "Acme or Globex under 50"), sets);
        } finally {
            feedHost.stop(0);
        }
    }

    /** Calls to the simulator with a token of its own. */
    private static final class Snap {
        private final HttpClient http = HttpClient.newHttpClient();
        private final SnapSimulator snap;
        private final String token;

        Snap(SnapSimulator snap) throws IOException {
            this.snap = snap;
            this.token = JSON.readTree(send(HttpRequest.newBuilder(URI.create(snap.tokenUrl()))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh")))
                    .body()).path("access_token").asText();
        }

        /** Creates one item; its id. */
        String created(String path, String plural, String singular, ObjectNode item) throws IOException {
            ObjectNode body = JSON.createObjectNode();
            body.putArray(plural).add(item);
            HttpResponse<String> answer = call("POST", path, body);
            assertEquals(200, answer.statusCode(), answer.body());
            return JSON.readTree(answer.body()).path(plural).get(0).path(singular).path("id").asText();
        }

        HttpResponse<String> call(String method, String path, JsonNode body) {
            return send(HttpRequest.newBuilder(URI.create(snap.apiUrl() + path)).header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString())));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            return TestHttp.send(http, request);
        }
    }
}
