package io.adrelay.sandbox.snap;

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
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.adrelay.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Snap simulator keeps the spec's contract: OAuth, 10 requests/s per token, envelopes, limits, uploads that fetch. */
class SnapSimulatorTest {

    static final String ORG = "8fdeefec-f502-4ca8-9a84-6411e0a51058";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newHttpClient();
    SnapSimulator snap;
    HttpServer feedHost;
    String token;

    @BeforeEach
    void start() throws Exception {
        snap = new SnapSimulator("client", "secret", "refresh").uploadStep(Duration.ofMillis(20)).start();
        token = JSON.readTree(tokenCall("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh").body())
                .path("access_token").asText();
        feedHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedHost.createContext("/feed.csv", exchange -> {
            byte[] csv = ("id,title,description,link,image_link,availability,price,condition,brand\n"
                    + "1,Shoe,A shoe,https://x.example/1,https://x.example/1.jpg,in stock,10.00 USD,new,Acme\n"
                    + "2,Boot,A boot,https://x.example/2,https://x.example/2.jpg,in stock,20.00 USD,new,Acme\n"
                    + "3,Sock,A sock,https://x.example/3,https://x.example/3.jpg,sometimes,5.00 USD,new,Globex\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, csv.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(csv);
            }
        });
        feedHost.start();
    }

    @AfterEach
    void stop() {
        snap.close();
        feedHost.stop(0);
    }

    @Test
    void tokensAreIssuedForTheRefreshTokenAndRefusedOnceExpired() throws Exception {
        JsonNode issued = JSON.readTree(tokenCall("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh").body());
        assertEquals("Bearer", issued.path("token_type").asText());
        assertEquals(1800, issued.path("expires_in").asInt());
        assertEquals("refresh", issued.path("refresh_token").asText());
        assertEquals("snapchat-marketing-api", issued.path("scope").asText());
        assertFalse(issued.path("access_token").asText().isEmpty());
        HttpResponse<String> badGrant = tokenCall("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=other");
        assertEquals(400, badGrant.statusCode());
        assertEquals("invalid_grant", JSON.readTree(badGrant.body()).path("error").asText());
        HttpResponse<String> badClient = tokenCall("grant_type=refresh_token&client_id=client&client_secret=wrong&refresh_token=refresh");
        assertEquals(401, badClient.statusCode());
        assertEquals("invalid_client", JSON.readTree(badClient.body()).path("error").asText());
        assertEquals(4, snap.tokenRequests(), "the one in start() and three here, failed ones included");

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(snap.apiUrl() + "/organizations/" + ORG + "/catalogs")).GET());
        assertEquals(401, anonymous.statusCode());
        assertEquals("UNAUTHORIZED", JSON.readTree(anonymous.body()).path("error_code").asText());
        assertEquals(401, call("GET", "/organizations/" + ORG + "/catalogs", null, "Bearer nope").statusCode());
        assertEquals(200, call("GET", "/organizations/" + ORG + "/catalogs", null).statusCode());
        snap.expireAllTokens();
        HttpResponse<String> expired = call("GET", "/organizations/" + ORG + "/catalogs", null);
        assertEquals(401, expired.statusCode());
        assertEquals("UNAUTHORIZED", JSON.readTree(expired.body()).path("error_code").asText());
    }

    @Test
    void moreThanTenRequestsASecondForOneTokenGet429() throws Exception {
        int[] statuses = IntStream.range(0, 11).map(i -> call("GET", "/organizations/" + ORG + "/catalogs", null).statusCode()).toArray();
        assertEquals(10, IntStream.of(statuses).filter(s -> s == 200).count());
        assertEquals(429, statuses[10]);
    }

    @Test
    void catalogsAreCreatedInBatchesOfTenAndListedPageByPage() throws Exception {
        String eleven = IntStream.range(0, 11).mapToObj(i -> catalog("C" + i)).collect(Collectors.joining(","));
        HttpResponse<String> tooMany = call("POST", "/organizations/" + ORG + "/catalogs", "{\"catalogs\": [" + eleven + "]}");
        assertEquals(400, tooMany.statusCode());
        assertEquals("CAT_VALIDATION_ERROR_TOO_MANY_CATALOGS_IN_BATCH", JSON.readTree(tooMany.body()).path("error_code").asText());

        JsonNode partial = JSON.readTree(call("POST", "/organizations/" + ORG + "/catalogs",
                "{\"catalogs\": [" + catalog("One") + "," + catalog("Two") + ", {\"organization_id\": \"" + ORG
                        + "\", \"name\": \"Three\", \"vertical\": \"SHOES\"}]}").body());
        assertEquals("PARTIAL", partial.path("request_status").asText());
        assertTrue(partial.path("catalogs").get(2).path("sub_request_error_reason").asText().startsWith("CAT_VALIDATION_ERROR_"));

        JsonNode first = JSON.readTree(call("GET", "/organizations/" + ORG + "/catalogs?limit=1", null).body());
        assertEquals("One", first.path("catalogs").get(0).path("catalog").path("name").asText());
        String next = first.path("paging").path("next_link").asText();
        JsonNode second = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("Two", second.path("catalogs").get(0).path("catalog").path("name").asText());
        assertFalse(second.path("paging").has("next_link"));
        assertEquals(400, call("GET", "/organizations/" + ORG + "/catalogs?cursor=abc", null).statusCode());
    }

    @Test
    void feedsAndProductSetsAreCheckedItemByItem() throws Exception {
        String catalogId = createCatalog();
        HttpResponse<String> badCurrency = call("POST", "/catalogs/" + catalogId + "/product_feeds",
                "{\"product_feeds\": [{\"catalog_id\": \"" + catalogId + "\", \"name\": \"F\", \"default_currency\": \"EURO\"}]}");
        assertEquals(400, badCurrency.statusCode(), "every item refused");
        assertEquals("ERROR", JSON.readTree(badCurrency.body()).path("request_status").asText());
        assertTrue(JSON.readTree(badCurrency.body()).path("product_feeds").get(0).path("sub_request_error_reason").asText()
                .startsWith("CAT_VALIDATION_ERROR_CURRENCY_INVALID: "), badCurrency.body());
        HttpResponse<String> oneOfTwo = call("POST", "/catalogs/" + catalogId + "/product_feeds",
                "{\"product_feeds\": [{\"name\": \"Good\", \"default_currency\": \"GBP\"}, {\"name\": \"Bad\", \"default_currency\": \"XXX\"}]}");
        assertEquals(200, oneOfTwo.statusCode(), "some items created");
        JsonNode partialFeeds = JSON.readTree(oneOfTwo.body());
        assertEquals("PARTIAL", partialFeeds.path("request_status").asText());
        assertEquals("SUCCESS", partialFeeds.path("product_feeds").get(0).path("sub_request_status").asText());
        assertEquals("ACTIVE", partialFeeds.path("product_feeds").get(0).path("product_feed").path("status").asText());
        assertEquals("PRIMARY", partialFeeds.path("product_feeds").get(0).path("product_feed").path("feed_type").asText());
        assertTrue(partialFeeds.path("product_feeds").get(1).path("sub_request_error_reason").asText()
                .startsWith("CAT_VALIDATION_ERROR_CURRENCY_INVALID: "));
        assertEquals(1, snap.productFeeds(catalogId).size());

        String sets = "{\"product_sets\": [{\"name\": \"Stock\", \"filter\": {\"AVAILABILITY\": {\"CONTAINS\": \"IN\"}}},"
                + "{\"name\": \"Brands\", \"filter\": {\"BRAND\": {\"IS_ANY\": [" + IntStream.range(0, 11).mapToObj(i -> "\"b" + i + "\"")
                .collect(Collectors.joining(",")) + "]}}},"
                + "{\"name\": \"Colours\", \"filter\": {\"OR\": [" + IntStream.range(0, 11).mapToObj(i -> "{\"COLOR\": {\"EQ\": \"c" + i + "\"}}")
                .collect(Collectors.joining(",")) + "]}},"
                + "{\"name\": \"In stock\", \"filter\": {\"AVAILABILITY\": {\"EQ\": \"IN_STOCK\"}}}]}";
        JsonNode answer = JSON.readTree(call("POST", "/catalogs/" + catalogId + "/product_sets", sets).body());
        assertEquals("PARTIAL", answer.path("request_status").asText());
        assertTrue(answer.path("product_sets").get(0).path("sub_request_error_reason").asText().startsWith("CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER"));
        assertTrue(answer.path("product_sets").get(1).path("sub_request_error_reason").asText().startsWith("CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER"));
        assertTrue(answer.path("product_sets").get(2).path("sub_request_error_reason").asText()
                .startsWith("CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_FILTER_ENTRY_COUNT_REACHED"));
        assertEquals("SUCCESS", answer.path("product_sets").get(3).path("sub_request_status").asText());

        for (int i = 0; i < 49; i++) {
            call("POST", "/catalogs/" + catalogId + "/product_sets", "{\"product_sets\": [{\"name\": \"Set " + i
                    + "\", \"filter\": {\"BRAND\": {\"EQ\": \"b\"}}}]}");
            token = freshToken(); // stay under the per-token limit
        }
        HttpResponse<String> full = call("POST", "/catalogs/" + catalogId + "/product_sets",
                "{\"product_sets\": [{\"name\": \"One too many\", \"filter\": {\"BRAND\": {\"EQ\": \"b\"}}}]}");
        assertTrue(full.body().contains("CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_COUNT_FOR_CATALOG_REACHED"), full.body());
        assertEquals(50, snap.productSets(catalogId).size());
    }

    @Test
    void filterValuesAreCheckedAgainstTheAttributeTable() throws Exception {
        String catalogId = createCatalog();
        String sets = "{\"product_sets\": ["
                + "{\"name\": \"Sometimes\", \"filter\": {\"AVAILABILITY\": {\"EQ\": \"SOMETIMES\"}}},"
                + "{\"name\": \"Cents\", \"filter\": {\"PRICE_AMOUNT\": {\"GT\": \"15.505\"}}},"
                + "{\"name\": \"Price text\", \"filter\": {\"PRICE_AMOUNT\": {\"CONTAINS\": \"15\"}}},"
                + "{\"name\": \"Dashes\", \"filter\": {\"BRAND\": {\"IS_ANY\": [\"a-b\"]}}},"
                + "{\"name\": \"Nested\", \"filter\": {\"AND\": [{\"OR\": [{\"BRAND\": {\"EQ\": \"a\"}}]}]}},"
                + "{\"name\": \"Dear\", \"filter\": {\"AND\": [{\"PRICE_AMOUNT\": {\"GT\": \"15.50\"}}, {\"AVAILABILITY\": {\"EQ\": \"IN_STOCK\"}}]}}]}";
        JsonNode answer = JSON.readTree(call("POST", "/catalogs/" + catalogId + "/product_sets", sets).body());
        assertEquals("PARTIAL", answer.path("request_status").asText());
        for (int i = 0; i < 5; i++) {
            assertTrue(answer.path("product_sets").get(i).path("sub_request_error_reason").asText()
                    .startsWith("CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: "), "item " + i + ": " + answer);
        }
        assertEquals("SUCCESS", answer.path("product_sets").get(5).path("sub_request_status").asText());
        assertEquals(1, snap.productSets(catalogId).size());
    }

    @Test
    void anUploadFetchesItsFileAndCountsWhatItFound() throws Exception {
        String feedId = createFeed(createCatalog(), null);
        String uploadId = upload(feedId, "http://127.0.0.1:" + feedHost.getAddress().getPort() + "/feed.csv");
        await().atMost(Duration.ofSeconds(10)).until(() -> snap.feedUpload(uploadId).path("status").asText().equals("COMPLETE"));
        JsonNode summary = JSON.readTree(call("GET", "/feed_uploads/" + uploadId, null).body())
                .path("feed_uploads").get(0).path("feed_upload").path("summary");
        assertEquals(3, summary.path("total_items").asInt());
        assertEquals(2, summary.path("items_modified").asInt());
        assertEquals(1, summary.path("items_errored").asInt());
        assertEquals(1, summary.path("issues_summary").path("errors").path("CAT_VALIDATION_ERROR_AVAILABILITY_INVALID").asInt());

        JsonNode facets = JSON.readTree(call("POST", "/catalogs/" + snap.catalogs().get(0).path("id").asText() + "/facets?limit=5",
                "{\"facets\": [{\"property\": \"BRAND\"}]}").body());
        assertEquals("2", facets.path("summary").path("total_products").path("count").asText());
        assertEquals("Acme", facets.path("facets").get(0).path("values").get(0).path("name").asText());
        assertEquals("2", facets.path("facets").get(0).path("values").get(0).path("count").asText());
    }

    @Test
    void anUploadWhoseFileCannotBeFetchedErrors() throws Exception {
        String feedId = createFeed(createCatalog(), null);
        String uploadId = upload(feedId, "http://127.0.0.1:" + feedHost.getAddress().getPort() + "/missing.csv");
        await().atMost(Duration.ofSeconds(10)).until(() -> snap.feedUpload(uploadId).path("status").asText().equals("ERRORED"));
        assertEquals(1, snap.feedUpload(uploadId).path("summary").path("issues_summary").path("errors").path("CAT_FEED_FILE_NO_DATA").asInt());
    }

    @Test
    void aFeedWithASnapScheduleTakesNoOneTimeUpload() throws Exception {
        String feedId = createFeed(createCatalog(), "{\"url\": \"https://x.example/f.csv\", \"interval_type\": \"DAILY\", \"hour\": 6, \"minute\": 0}");
        HttpResponse<String> refused = call("POST", "/product_feeds/" + feedId + "/feed_uploads",
                "{\"feed_uploads\": [{\"url\": \"https://x.example/f.csv\", \"update_type\": \"REPLACE\"}]}");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("only allowed for product feeds without a schedule"));
    }

    private String createCatalog() throws IOException {
        return JSON.readTree(call("POST", "/organizations/" + ORG + "/catalogs", "{\"catalogs\": [" + catalog("Shop") + "]}").body())
                .path("catalogs").get(0).path("catalog").path("id").asText();
    }

    private String createFeed(String catalogId, String schedule) throws IOException {
        return JSON.readTree(call("POST", "/catalogs/" + catalogId + "/product_feeds", "{\"product_feeds\": [{\"catalog_id\": \"" + catalogId
                + "\", \"name\": \"Feed\", \"default_currency\": \"USD\"" + (schedule == null ? "" : ", \"schedule\": " + schedule) + "}]}").body())
                .path("product_feeds").get(0).path("product_feed").path("id").asText();
    }

    /** Asks for an upload: it starts INITIALIZED. */
    private String upload(String feedId, String url) throws IOException {
        JsonNode upload = JSON.readTree(call("POST", "/product_feeds/" + feedId + "/feed_uploads",
                "{\"feed_uploads\": [{\"url\": \"" + url + "\", \"update_type\": \"REPLACE\"}]}").body())
                .path("feed_uploads").get(0).path("feed_upload");
        assertEquals("INITIALIZED", upload.path("status").asText());
        return upload.path("id").asText();
    }

    private static String catalog(String name) {
        return "{\"organization_id\": \"" + ORG + "\", \"name\": \"" + name + "\", \"vertical\": \"COMMERCE\"}";
    }

    private String freshToken() throws IOException {
        return JSON.readTree(tokenCall("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh").body())
                .path("access_token").asText();
    }

    private HttpResponse<String> tokenCall(String form) {
        return send(HttpRequest.newBuilder(URI.create(snap.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, "Bearer " + token);
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(snap.apiUrl() + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request);
    }
}
