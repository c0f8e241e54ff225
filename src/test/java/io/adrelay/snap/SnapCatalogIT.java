package io.adrelay.snap;

import static io.adrelay.snap.SnapTestRuntime.DECLARATION;
import static io.adrelay.snap.SnapTestRuntime.HEADER;
import static io.adrelay.snap.SnapTestRuntime.row;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.LostAnswers;
import io.adrelay.RouteSteps;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Provisioning of the declared catalog, uploads run from the ops endpoint: ERRORED, and a token that expires mid-run. */
@CamelMainTest(properties = "adrelay.profile=prod")
class SnapCatalogIT {

    @TempDir
    Path data;
    final SnapSimulator snap = SnapTestRuntime.simulator().uploadStep(Duration.ofMillis(300));
    TestRuntime app;
    @BeanInject
    CamelContext context;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = SnapTestRuntime.of(data, snap, DECLARATION);
        main.addMainListener(app);
    }

    @AfterEach
    void stop() {
        snap.close();
    }

    @Test
    void provisioningCreatesThenHasNothingToDoThenUpdates() throws Exception {
        JsonNode first = awaitProvisioning("");
        assertEquals(1, first.path("counts").path("catalog created").asInt(), first.toString());
        assertEquals(1, first.path("counts").path("feed created").asInt());
        assertEquals(2, first.path("counts").path("product set created").asInt());
        ObjectNode catalog = snap.catalogs().get(0);
        assertEquals("Spring shop", catalog.path("name").asText());
        String catalogId = catalog.path("id").asText();
        assertEquals("USD", snap.productFeeds(catalogId).get(0).path("default_currency").asText());
        assertEquals(2, snap.productSets(catalogId).size());
        long writes = writes();

        // saved again unchanged: everything is found, nothing is sent
        touch();
        JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());
        assertEquals(0, second.path("counts").size(), second.toString());
        assertEquals(writes, writes(), "an unchanged declaration only reads");

        // an edited filter and currency are updated in place
        Files.writeString(declaration(), DECLARATION.replace("default_currency: USD", "default_currency: EUR")
                .replace("IS_ANY: [Acme]", "IS_ANY: [Acme, Globex]"));
        touch();
        JsonNode third = awaitProvisioning(second.path("provisioned_at").asText());
        assertEquals(1, third.path("counts").path("feed updated").asInt(), third.toString());
        assertEquals(1, third.path("counts").path("product set updated").asInt());
        assertEquals("EUR", snap.productFeeds(catalogId).get(0).path("default_currency").asText());
        assertTrue(snap.productSets(catalogId).stream().anyMatch(s -> s.path("filter").toString().contains("Globex")));
        assertEquals(1, snap.catalogs().size(), "found by name, never created twice");
        assertEquals(2, snap.productSets(catalogId).size());
    }

    @Test
    void whatSnapRefusesIsReportedItemByItemAndTheRestGoesOn() throws Exception {
        JsonNode first = awaitProvisioning("");
        String catalogId = snap.catalogs().get(0).path("id").asText();
        String feedId = snap.productFeeds(catalogId).get(0).path("id").asText();
        // someone replaces the feed at Snap by hand: the catalog's one PRIMARY feed is now theirs
        snap.acceptStaticToken("someone-elses-token-01");
        assertEquals(200, snapCall("DELETE", "/product_feeds/" + feedId, null).statusCode());
        assertEquals(200, snapCall("POST", "/catalogs/" + catalogId + "/product_feeds", "{\"product_feeds\": [{\"catalog_id\": \""
                + catalogId + "\", \"name\": \"Hand made\", \"default_currency\": \"USD\"}]}").statusCode());

        Files.writeString(declaration(), DECLARATION + "      - {name: New arrivals, filter: {CUSTOM_LABEL_0: {EQ: new}}}\n");
        touch();
        JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());
        assertEquals(1, second.path("problems").size(), second.toString());
        assertTrue(second.path("problems").get(0).asText().startsWith("product feed demo: CAT_VALIDATION_ERROR_"), second.toString());
        assertEquals(1, second.path("counts").path("product set created").asInt(), "the new product set is created all the same");
        assertEquals(3, snap.productSets(catalogId).size());
    }

    @Test
    void aBigDeclarationStaysUnderTenRequestsASecond() throws Exception {
        JsonNode first = awaitProvisioning("");
        StringBuilder more = new StringBuilder(DECLARATION);
        for (int i = 0; i < 12; i++) {
            more.append("  - key: shop").append(i).append("\n    organization_id: ").append(SnapTestRuntime.ORG)
                    .append("\n    name: Shop ").append(i).append("\n    feeds: [{key: shop").append(i).append(", name: Shop ").append(i)
                    .append(" products, default_currency: GBP}]\n    product_sets: [{name: Red ").append(i)
                    .append(", filter: {COLOR: {EQ: red}}}]\n");
        }
        Files.writeString(declaration(), more.toString());
        touch();
        JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());
        assertEquals(12, second.path("counts").path("catalog created").asInt(), second.toString());
        assertEquals(13, snap.catalogs().size());
        assertTrue(snap.journal().entries().size() > 50, "enough calls to pass 10/s if unthrottled");
        assertEquals(0, snap.journal().count(e -> e.status() == 429), "Snap never had to say 429");
    }

    @Test
    void aDeclarationBreakingSnapsLimitsIsRefusedWhole() throws Exception {
        JsonNode first = awaitProvisioning("");
        long writes = writes();
        Files.writeString(declaration(), DECLARATION + "      - {name: Bad, filter: {AVAILABILITY: {CONTAINS: STOCK}}}\n");
        touch();
        Path deadLetters = data.resolve("dead-letter/snap");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(deadLetters)
                && Files.list(deadLetters).filter(f -> !f.getFileName().toString().startsWith(".")).count() == 1);
        String letter;
        try (var files = Files.list(deadLetters)) {
            letter = Files.readString(files.filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow());
        }
        assertTrue(letter.contains("AVAILABILITY allows [EQ, NEQ], not CONTAINS"), letter);
        assertEquals(writes, writes(), "nothing of a refused declaration is sent");
        assertEquals(first.path("provisioned_at").asText(), SnapTestRuntime.state(data, "provisioning.json").path("provisioned_at").asText());

        // reported by health until the file is fixed
        JsonNode check = SnapTestRuntime.refusedDeclarations(app);
        assertTrue(check.path("message").asText().contains("snap-catalogs.yaml"), check.toString());
        String reason = check.path("data").path("snap-catalogs.yaml").asText();
        assertTrue(reason.contains(declaration().toString()) && reason.contains("AVAILABILITY allows [EQ, NEQ], not CONTAINS"), reason);
        Files.writeString(declaration(), DECLARATION);
        touch();
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/observe/health").statusCode() == 200);
    }

    @Test
    void anUploadThatErrorsIsReportedAsAWarning() throws Exception {
        awaitProvisioning("");
        SnapTestRuntime.publish(data, "feed.csv", HEADER + row("1") + row("2"), 2);
        // what Snap fetches has no data (as if the file were truncated on its way)
        Files.writeString(data.resolve("feeds/demo.csv"), HEADER);

        JsonNode run = Json.MAPPER.readTree(app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());
        assertTrue(run.path("outcome").asText().startsWith("ERRORED"), run.toString());
        JsonNode report = SnapTestRuntime.reports(data).get(0);
        assertEquals("ERRORED", report.path("status").asText());
        assertEquals(1, report.path("summary").path("issues_summary").path("errors").path("CAT_FEED_FILE_NO_DATA").asInt(), report.toString());
        assertTrue(app.get("/observe/metrics").body().contains("adrelay_snap_feed_uploads_total{feed=\"demo\",status=\"ERRORED\"} 1.0"));
    }

    @Test
    void aTokenThatExpiresMidRunIsRefreshedOnce() throws Exception {
        awaitProvisioning("");
        SnapTestRuntime.publish(data, "feed.csv", HEADER + row("1") + row("2") + row("3"), 3);
        int tokensBefore = snap.tokenRequests();

        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());
        String catalogId = snap.catalogs().get(0).path("id").asText();
        String feedId = snap.productFeeds(catalogId).get(0).path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> !snap.feedUploads(feedId).isEmpty());
        snap.expireAllTokens();

        JsonNode outcome = Json.MAPPER.readTree(run.get());
        assertTrue(outcome.path("outcome").asText().startsWith("COMPLETE: 3 items"), outcome.toString());
        assertEquals(tokensBefore + 1, snap.tokenRequests(), "one new token after the 401");
        List<JournalEntry> refused = snap.journal().entries().stream().filter(e -> e.status() == 401).toList();
        assertEquals(1, refused.size(), "the refused call is made once more with the new token, and succeeds");
    }

    /**
     * The token's refresh is a step of the Snap egress (route snap-egress-credentials sends the form through
     * snap-egress-token): two runs whose token Snap refused while it was being renewed share that one renewal.
     */
    @Test
    void runsThatNeedANewTokenAtOnceShareOneRefresh() throws Exception {
        assertEquals(List.of("enrich direct:snap-egress-refresh-token"), RouteSteps.sends(context, "snap-egress-credentials"));
        assertEquals(List.of("to direct:snap-egress-token"), RouteSteps.sends(context, "snap-egress-refresh-token"));
        awaitProvisioning("");
        SnapTestRuntime.publish(data, "feed.csv", HEADER + row("1") + row("2"), 2);
        int tokensBefore = snap.tokenRequests();
        snap.expireAllTokens();
        // the renewal takes a second: both runs meet Snap's 401 while it goes
        snap.faults().next(1, "/login", Fault.delay(Duration.ofSeconds(1)));

        CompletableFuture<String> upload = CompletableFuture.supplyAsync(() -> app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());
        CompletableFuture<String> check = CompletableFuture.supplyAsync(() -> app.post("/ops/jobs/snap-check-catalog/run?wait=true", "").body());
        assertTrue(Json.MAPPER.readTree(upload.get()).path("outcome").asText().startsWith("COMPLETE: 2 items"), upload.get());
        assertEquals("succeeded", Json.MAPPER.readTree(check.get()).path("status").asText(), check.get());
        assertEquals(tokensBefore + 1, snap.tokenRequests(), "one renewal for both");
    }

    @Test
    void anUploadRequestWhoseAnswerIsLostIsNotMadeTwice() throws Exception {
        awaitProvisioning("");
        SnapTestRuntime.publish(data, "feed.csv", HEADER + row("1") + row("2"), 2);
        String feedId = snap.productFeeds(snap.catalogs().get(0).path("id").asText()).get(0).path("id").asText();
        // Snap takes the request, the connection drops before its answer: adrelay retries
        snap.faults().next(1, "/v1/product_feeds/" + feedId + "/feed_uploads", Fault.lostAnswer());

        JsonNode run = Json.MAPPER.readTree(app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());
        assertTrue(run.path("outcome").asText().startsWith("COMPLETE: 2 items"), run.toString());
        assertEquals(1, snap.feedUploads(feedId).size(), "the upload Snap took is followed, not asked for again");
        assertEquals(1, snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/feed_uploads")));
    }

    @Test
    void aBusyTokenEndpointIsRetriedAndDiagnosticsAreWritten() throws Exception {
        awaitProvisioning("");
        SnapTestRuntime.publish(data, "feed.csv", HEADER + row("1") + row("2")
                + SnapFeedValidatorTest.row("3", "https://shop.example/3", "out of stock", "5.00 EUR", "new", "Globex", ""), 3);
        assertTrue(Json.MAPPER.readTree(app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body())
                .path("outcome").asText().startsWith("COMPLETE"));
        long tokensBefore = tokenCalls();
        snap.expireAllTokens();
        snap.faults().next(1, "/login", Fault.tooManyRequests(1)).next(1, "/login", Fault.status(503));

        JsonNode run = Json.MAPPER.readTree(app.post("/ops/jobs/snap-check-catalog/run?wait=true", "").body());
        assertEquals("diagnostics of [spring (3 products)]", run.path("outcome").asText(), run.toString());
        assertEquals(tokensBefore + 3, tokenCalls(), "429, 503, then a token");
        Path written = data.resolve("outbox/snap/diagnostics/spring").resolve(LocalDate.now(ZoneOffset.UTC) + ".json");
        JsonNode diagnostics = Json.MAPPER.readTree(written.toFile());
        JsonNode brands = null;
        for (JsonNode facet : diagnostics.path("facets")) {
            if (facet.path("facet").path("property").asText().equals("BRAND")) {
                brands = facet.path("values");
            }
        }
        assertEquals("[{\"name\":\"Acme\",\"count\":\"2\"},{\"name\":\"Globex\",\"count\":\"1\"}]", String.valueOf(brands));
    }

    @Test
    void eachDeclaredFeedHasItsUploadScheduleAndTheSchedulesFollowTheDeclaration() throws Exception {
        JsonNode first = awaitProvisioning("");
        assertEquals("0 0 * * * ?", jobs().path("snap-upload-feed-demo").path("cron").asText(), "the default schedule");

        // one edit adds a feed, with its own schedule: its route is made, and health expects it
        String withExtra = DECLARATION.replace("      - {key: demo, name: Spring products, default_currency: USD}\n",
                "      - {key: demo, name: Spring products, default_currency: USD}\n"
                        + "      - {key: extra, name: Spring extras, default_currency: USD, feed_type: SUPPLEMENTAL, parent: demo,\n"
                        + "         schedule: {cron: \"0 15 5 * * ?\", time_zone: Europe/Berlin}}\n");
        Files.writeString(declaration(), withExtra);
        touch();
        JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());
        assertEquals(1, second.path("counts").path("feed created").asInt(), second.toString());
        assertEquals("0 15 5 * * ?", jobs().path("snap-upload-feed-extra").path("cron").asText(), jobs().toString());
        assertEquals(200, app.get("/observe/health").statusCode(), app.get("/observe/health").body());

        // a refused edit changes nothing: both schedules still run
        Files.writeString(declaration(), withExtra.replace("0 15 5 * * ?", "0 15 25 * * ?"));
        touch();
        Path deadLetters = data.resolve("dead-letter/snap");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(deadLetters)
                && Files.list(deadLetters).filter(f -> !f.getFileName().toString().startsWith(".")).count() == 1);
        assertTrue(jobs().has("snap-upload-feed-demo") && jobs().has("snap-upload-feed-extra"), jobs().toString());

        // the feed removed: its schedule is removed with it
        Files.writeString(declaration(), DECLARATION);
        touch();
        awaitProvisioning(second.path("provisioned_at").asText());
        assertFalse(jobs().has("snap-upload-feed-extra"), jobs().toString());
        assertTrue(jobs().has("snap-upload-feed-demo"));
        assertEquals(200, app.get("/observe/health").statusCode(), app.get("/observe/health").body());
    }

    @Test
    void aProductSetSnapHoldsTwiceIsReportedNotSilentlyPicked() throws Exception {
        JsonNode first = awaitProvisioning("");
        String catalogId = snap.catalogs().get(0).path("id").asText();
        ObjectNode copy = snap.productSets(catalogId).get(0).deepCopy();
        copy.remove(List.of("id", "created_at", "updated_at"));
        // someone made the set a second time at Snap
        snap.acceptStaticToken("someone-elses-token-01");
        assertEquals(200, snapCall("POST", "/catalogs/" + catalogId + "/product_sets", "{\"product_sets\": [" + copy + "]}").statusCode());

        touch();
        JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());

        assertEquals(1, second.path("duplicates").size(), second.toString());
        assertTrue(second.path("duplicates").get(0).asText().startsWith("product set \"" + copy.path("name").asText() + "\" under /catalogs/"
                + catalogId + "/product_sets: ["), second.toString());
        assertEquals(0, second.path("counts").size(), "nothing made, nothing changed: " + second);
        assertEquals(3, snap.productSets(catalogId).size(), "nothing removed");
    }

    @Test
    void aPlanOfAnEditedCatalogDeclarationSaysWhatTheRunThenDoes() throws Exception {
        JsonNode first = awaitProvisioning("");
        String ids = Files.readString(data.resolve("state/snap/catalogs.json"));
        long writes = writes();
        String edited = DECLARATION.replace("default_currency: USD", "default_currency: EUR")
                + "      - {name: New arrivals, filter: {CUSTOM_LABEL_0: {EQ: new}}}\n";

        HttpResponse<String> answer = app.send(HttpRequest.newBuilder(app.uri("/ops/snap/plan"))
                .header("Authorization", "Bearer " + TestRuntime.OPS_TOKEN).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(edited)));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode plan = Json.MAPPER.readTree(answer.body());
        List<String> steps = new java.util.ArrayList<>();
        plan.path("objects").forEach(step -> steps.add(step.path("kind").asText() + " " + step.path("path").asText() + ": "
                + step.path("action").asText() + " " + step.path("changes")));
        assertEquals(List.of("catalog spring: unchanged ", "feed demo: update [{\"field\":\"default_currency\",\"current\":\"USD\",\"declared\":\"EUR\"}]",
                "product set spring/Acme: unchanged ", "product set spring/In stock: unchanged ", "product set spring/New arrivals: create "),
                steps.stream().sorted().toList(), plan.toString());
        assertEquals(writes, writes(), "a plan sends nothing");
        assertEquals(ids, Files.readString(data.resolve("state/snap/catalogs.json")), "a plan writes nothing");
        assertEquals(first.toString(), SnapTestRuntime.state(data, "provisioning.json").toString());

        Files.writeString(declaration(), edited);
        touch();
        JsonNode run = awaitProvisioning(first.path("provisioned_at").asText());
        assertEquals(Map.of("feed updated", 1, "product set created", 1), Json.MAPPER.convertValue(run.path("counts"), Map.class));
        assertEquals("{feed updated=1, product set created=1}", plan.path("summary").path("catalogs").asText(), "the run's counts, as it logs them");
    }

    /**
     * A catalog create whose answer never comes, from a Snap that makes it at once and holds its answer past
     * adrelay's read timeout ("hold"), or makes it after adrelay gave up waiting ("late"): made once, reported as
     * created. Read timeout 1 s, Snap acting or answering 2.5 s after the request, the check 6 s after the send.
     */
    @Nested
    class WhenAnAnswerIsLost {

        @Configure
        void shortTimeouts(MainConfigurationProperties main) {
            LostAnswers.shortTimeouts(app);
        }

        @ParameterizedTest
        @ValueSource(strings = {"hold", "late"})
        void aCatalogIsMadeOnceAndReportedCreated(String kind) throws Exception {
            JsonNode first = awaitProvisioning("");
            String path = "/v1/organizations/" + SnapTestRuntime.ORG + "/catalogs";
            snap.faults().next(1, "POST", path, LostAnswers.fault(kind));

            Files.writeString(declaration(), DECLARATION + "  - key: autumn\n    organization_id: " + SnapTestRuntime.ORG
                    + "\n    name: Autumn shop\n    feeds: [{key: autumn, name: Autumn products, default_currency: EUR}]\n");
            touch();
            JsonNode second = awaitProvisioning(first.path("provisioned_at").asText());

            await().atMost(Duration.ofSeconds(10)).until(snap::idle);
            assertEquals(2, snap.catalogs().size(), snap.catalogs().toString());
            assertEquals(2, snap.journal().count(e -> e.method().equals("POST") && e.path().equals(path)), "the first, then Autumn once");
            assertEquals(1, second.path("counts").path("catalog created").asInt(), second.toString());
            assertEquals(1, second.path("counts").path("feed created").asInt(), "its feed made under the catalog found: " + second);
        }
    }

    /** GET /ops/jobs, by id. */
    private JsonNode jobs() throws IOException {
        ObjectNode byId = Json.MAPPER.createObjectNode();
        Json.MAPPER.readTree(app.get("/ops/jobs").body()).path("jobs").forEach(job -> byId.set(job.path("id").asText(), job));
        return byId;
    }

    private JsonNode awaitProvisioning(String after) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String at = SnapTestRuntime.state(data, "provisioning.json").path("provisioned_at").asText("");
            return !at.isEmpty() && at.compareTo(after) > 0;
        });
        try {
            return SnapTestRuntime.state(data, "provisioning.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> snapCall(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(snap.apiUrl() + path))
                .header("Authorization", "Bearer someone-elses-token-01").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private long tokenCalls() {
        return snap.journal().count(e -> e.path().equals("/login/oauth2/access_token"));
    }

    private long writes() {
        return snap.journal().count(e -> !e.method().equals("GET") && e.path().startsWith("/v1/")
                && !e.path().contains("feed_uploads") && !e.path().endsWith("/facets"));
    }

    private Path declaration() {
        return data.resolve("snap-catalogs.yaml");
    }

    /** A save the file watcher notices even within the same second. */
    private void touch() throws Exception {
        Path file = declaration();
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
    }
}
