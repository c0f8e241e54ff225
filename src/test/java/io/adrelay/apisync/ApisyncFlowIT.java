package io.adrelay.apisync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.LostAnswers;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.adrelay.common.intake.WebhookAuthenticator;

/** APISync: the whole application, prod profile, webhooks and file drops against the simulator. */
@CamelMainTest(properties = "adrelay.profile=prod")
class ApisyncFlowIT {

    static final String TOKEN = "apisync-token-0123456789";
    static final String SECRET = "apisync-webhook-secret-42";

    @TempDir
    Path data;
    @BeanInject
    CamelContext context;
    final ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 60).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = TestRuntime.prod("apisync", data.toString())
                .set("apisync.base-url", apisync.baseUrl()).set("apisync.api-token", TOKEN).set("apisync.webhook-secret", SECRET)
                .set("apisync.read.throttle.requests", "50").set("apisync.write.throttle.requests", "50");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        apisync.close();
    }

    @Test
    void createsUpdatesAndRemovesEveryResource() throws Exception {
        // inventory item: create, update through the reference_id upsert, remove with available=false
        String item = "{\"reference_id\": \"jetta-2018\", \"ad_template_type\": \"vehicle\", \"available\": true,"
                + " \"content_language\": \"pt-br\", \"brand\": \"Volkswagen\", \"model\": \"Jetta\", \"year\": 2018,"
                + " \"price\": {\"amount\": 2117990, \"currency\": \"BRL\"}, \"link\": \"https://example.com/jetta\"}";
        JsonNode created = sync("inventory-items", item);
        assertEquals("created", created.path("outcome").asText(), created.toString());
        assertEquals("updated", sync("inventory-items", item.replace("\"Jetta\"", "\"Jetta GLI\"")).path("outcome").asText());
        assertEquals("Jetta GLI", attributes(apisync.records("inventory-items").get(0)).path("model").asText());
        sync("inventory-items", item.replace("\"available\": true", "\"available\": false"));
        assertEquals(1, apisync.count("inventory-items"));
        assertFalse(attributes(apisync.records("inventory-items").get(0)).path("available").asBoolean());

        // campaign on a Facebook ad account; update by id with PUT; an ad set naming it by reference_id
        String campaignId = sync("campaigns", "{\"reference_id\": \"xmas\", \"service\": \"facebook-ads\", \"state\": \"active\","
                + " \"title\": \"Xmas\", \"ad_account\": {\"id\": \"act_1001\"}}").path("id").asText();
        sync("campaigns", "{\"id\": \"" + campaignId + "\", \"state\": \"paused\", \"title\": \"Xmas\"}");
        assertTrue(apisync.journal().entries().stream().anyMatch(e -> e.method().equals("PUT") && e.path().equals("/campaigns/" + campaignId)));
        assertEquals("paused", attributes(apisync.records("campaigns").get(0)).path("state").asText());

        JsonNode adSet = sync("ad-sets", "{\"reference_id\": \"houses\", \"service\": \"facebook-ads\", \"state\": \"active\","
                + " \"bids\": {\"cpc\": {\"amount\": 123}}, \"campaign\": {\"reference_id\": \"xmas\"},"
                + " \"daily_budget\": {\"amount\": 1299, \"billing_event\": \"CLICKS\"}, \"geo_locations\": {\"countries\": [\"US\"]}}");
        assertEquals("created", adSet.path("outcome").asText(), adSet.toString());
        ObjectNode storedSet = apisync.records("ad-sets").get(0);
        assertEquals(campaignId, storedSet.path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals(1299, attributes(storedSet).path("service_configurations").path("daily_budget").path("amount").asInt());
        assertEquals("US", attributes(storedSet).path("service_configurations").path("geo_locations").path("countries").get(0).asText());

        // an ad whose ad set is given by reference_id; removed with state=removed (PATCH)
        String adId = sync("ads", "{\"reference_id\": \"beach\", \"ad_type\": \"image_with_link\", \"state\": \"active\","
                + " \"destination_url\": \"https://example.com\", \"ad_set\": {\"reference_id\": \"houses\"},"
                + " \"creative\": {\"story\": {\"link_data\": {\"link\": \"https://example.com\", \"message\": \"Beach house\","
                + " \"picture\": \"https://example.com/p.png\"}}}}").path("id").asText();
        assertEquals(adSet.path("id").asText(),
                apisync.records("ads").get(0).path("relationships").path("ad_set").path("data").path("id").asText());
        sync("ads", "{\"id\": \"" + adId + "\", \"state\": \"removed\"}");
        assertEquals("removed", attributes(apisync.records("ads").get(0)).path("state").asText());
        sync("campaigns", "{\"id\": \"" + campaignId + "\", \"state\": \"removed\"}");
        assertEquals("removed", attributes(apisync.records("campaigns").get(0)).path("state").asText());

        // every call carried the token and the JSON:API media type
        assertTrue(apisync.journal().entries().stream().allMatch(e -> ("ApiToken " + TOKEN).equals(e.header("Authorization"))));
    }

    @Test
    void theSpecsAdSetWithoutServiceAndInKebabCaseIsCreatedUnderItsCampaign() throws Exception {
        String campaignId = sync("campaigns", "{\"reference_id\": \"xmas\", \"service\": \"facebook-ads\", \"state\": \"active\","
                + " \"title\": \"Xmas Campaign\", \"ad_account\": {\"id\": \"act_1001\"}}").path("id").asText();
        // as the spec's Configurations section writes it: no service (read-only), kebab-case keys, one with the spec's U+2011
        JsonNode adSet = sync("ad-sets", "{\"reference-id\": \"houses\", \"state\": \"active\", \"title\": \"Ad Set for Houses\","
                + " \"bids\": {\"cpc\": {\"amount\": 123}, \"impressions\": {\"amount\": 123}}, \"campaign\": {\"reference_id\": \"xmas\"},"
                + " \"service\u2011configurations\": {\"daily-budget\": {\"amount\": 1299, \"billing-event\": \"CLICKS\"},"
                + " \"geo-locations\": {\"countries\": [\"US\"], \"custom-locations\": [{\"latitude\": 36, \"longitude\": -121.0,"
                + " \"radius\": 5, \"distance-unit\": \"kilometer\"}, {\"address-string\": \"1601 Willow Road, Menlo Park, CA\", \"radius\": 5}],"
                + " \"excluded_geo_locations\": {\"regions\": [{\"key\": \"3847\"}]}}}}");
        assertEquals("created", adSet.path("outcome").asText(), adSet.toString());
        assertEquals("houses", adSet.path("reference_id").asText());

        ObjectNode stored = apisync.records("ad-sets").get(0);
        assertEquals("facebook-ads", attributes(stored).path("service").asText(), "the campaign's service");
        assertEquals(campaignId, stored.path("relationships").path("campaign").path("data").path("id").asText());
        JsonNode configurations = attributes(stored).path("service_configurations");
        assertEquals("CLICKS", configurations.path("daily_budget").path("billing_event").asText());
        JsonNode locations = configurations.path("geo_locations").path("custom_locations");
        assertEquals("kilometer", locations.get(0).path("distance_unit").asText());
        assertEquals("1601 Willow Road, Menlo Park, CA", locations.get(1).path("address_string").asText());

        // the campaign's service was read before sending; what was sent has no service and only snake_case keys
        assertEquals(1, apisync.journal().matching("GET", "/campaigns/" + campaignId).size());
        JsonNode sent = Json.MAPPER.readTree(apisync.journal().matching("POST", "/ad-sets").get(0).body()).path("data").path("attributes");
        assertFalse(sent.has("service"));
        assertTrue(ApisyncValidatorTest.keys(sent).stream().allMatch(key -> key.matches("[a-z0-9_]+")), sent.toString());
    }

    @Test
    void aServicelessAdSetBreakingItsCampaignsRulesFailsWithoutBeingSent() throws Exception {
        String campaignId = sync("campaigns", "{\"reference_id\": \"xmas\", \"service\": \"facebook-ads\", \"state\": \"active\","
                + " \"ad_account\": {\"id\": \"act_1001\"}}").path("id").asText();
        JsonNode failed = sync("ad-sets", "{\"reference_id\": \"nowhere\", \"state\": \"active\", \"bids\": {\"cpc\": {\"amount\": 123}},"
                + " \"campaign\": {\"reference_id\": \"xmas\"}, \"service-configurations\": {\"daily-budget\": {\"amount\": 1299}}}");
        assertEquals("failed", failed.path("outcome").asText(), failed.toString());
        assertTrue(failed.path("errors").get(0).asText().contains("facebook-ads ad sets need geo_locations"), failed.toString());
        assertFalse(failed.path("dead_letter").asText().isEmpty());
        assertEquals(1, apisync.journal().matching("GET", "/campaigns/" + campaignId).size(), "final: read once, no retry");
        assertEquals(0, apisync.journal().matching("POST", "/ad-sets").size());
    }

    @Test
    void aParentCreatedElsewhereIsFoundByReferenceIdThroughThePages() throws Exception {
        // 30 campaigns made in APISync's dashboard, not through adrelay: the one we name is on page 2
        HttpClient direct = HttpClient.newHttpClient();
        for (int i = 0; i < 30; i++) {
            String campaign = "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"reference_id\": \"dash-" + i + "\","
                    + " \"service\": \"google-ads\", \"state\": \"active\"}, \"relationships\": {\"ad_account\":"
                    + " {\"data\": {\"type\": \"ad-accounts\", \"id\": \"1234567890\"}}}}}";
            assertEquals(201, direct.send(HttpRequest.newBuilder(java.net.URI.create(apisync.baseUrl() + "/campaigns"))
                    .header("Authorization", "ApiToken " + TOKEN).header("Content-Type", "application/vnd.api+json")
                    .POST(HttpRequest.BodyPublishers.ofString(campaign)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        JsonNode adSet = sync("ad-sets", "{\"reference_id\": \"g-set\", \"service\": \"google-ads\", \"state\": \"active\","
                + " \"bids\": {\"cpc\": {\"amount\": 50}}, \"campaign\": {\"reference_id\": \"dash-28\"}}");
        assertEquals("created", adSet.path("outcome").asText(), adSet.toString());
        String dash28 = apisync.records("campaigns").stream().filter(c -> "dash-28".equals(attributes(c).path("reference_id").asText()))
                .findFirst().orElseThrow().path("id").asText();
        assertEquals(dash28, apisync.records("ad-sets").get(0).path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals(2, apisync.journal().matching("GET", "/campaigns").size(), "two pages listed");
    }

    @Test
    void invalidRecordsAreRefusedWithEveryReasonAndNothingIsSent() throws Exception {
        HttpResponse<String> r = post("inventory-items", "[{\"reference_id\": \"ok\", \"ad_template_type\": \"vehicle\","
                + " \"available\": true, \"content_language\": \"pt-br\"},"
                + " {\"reference_id\": \"bad\", \"ad_template_type\": \"veículo\", \"content_language\": \"en\","
                + " \"price\": {\"amount\": 0, \"currency\": \"BRL\"}, \"link\": \"ftp://x\"}]");
        assertEquals(422, r.statusCode(), r.body());
        JsonNode problems = Json.MAPPER.readTree(r.body()).path("problems");
        assertEquals(1, problems.size());
        assertEquals(1, problems.get(0).path("index").asInt());
        assertEquals(5, problems.get(0).path("problems").size(), problems.toString());
        assertEquals(0, apisync.journal().entries().size());
    }

    @Test
    void aReplayedWebhookUpdatesInsteadOfDuplicating() throws Exception {
        String item = "{\"reference_id\": \"sku-1\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\"}";
        sync("inventory-items", item);
        sync("inventory-items", item);
        assertEquals(1, apisync.count("inventory-items"));
    }

    @Test
    void tooManyRequestsThenSuccess() throws Exception {
        apisync.faults().next(1, Fault.tooManyRequests(1));
        JsonNode outcome = sync("inventory-items", "{\"reference_id\": \"sku-2\", \"ad_template_type\": \"shoe\","
                + " \"available\": true, \"content_language\": \"pt-br\"}");
        assertEquals("created", outcome.path("outcome").asText());
        assertEquals(List.of(429, 201), apisync.journal().entries().stream().map(JournalEntry::status).toList());
    }

    @Test
    void aRefusedRecordIsDeadLetteredThenFixedAndReplayed() throws Exception {
        String campaign = "{\"reference_id\": \"spring\", \"service\": \"facebook-ads\", \"state\": \"active\","
                + " \"ad_account\": {\"id\": \"act_9999\"}}";
        HttpResponse<String> accepted = post("campaigns", campaign);
        String trackingId = Json.MAPPER.readTree(accepted.body()).path("tracking_id").asText();
        JsonNode failed = awaitOutcome(trackingId).path("records").get(0);
        assertEquals("failed", failed.path("outcome").asText());
        assertEquals(1, apisync.journal().matching("POST", "/campaigns").size(), "422 is final: no retry");
        String letterId = failed.path("dead_letter").asText();
        JsonNode letter = Json.MAPPER.readTree(Files.readString(data.resolve("dead-letter/apisync").resolve(letterId + ".json")));
        assertEquals(422, letter.path("error").path("status").asInt());
        assertFalse(letter.toString().contains(TOKEN));

        // the operator grants access to the ad account in APISync's dashboard, then replays
        apisync.addAdAccount("act_9999", "Spring EU", "facebook-ads");
        HttpResponse<String> replay = app.post("/ops/dead-letters/" + letterId + "/replay", "");
        assertEquals("ok", Json.MAPPER.readTree(replay.body()).path("outcome").asText(), replay.body());
        assertEquals(1, apisync.count("campaigns"));
        assertEquals("created", awaitOutcome(trackingId).path("records").get(0).path("outcome").asText());
    }

    @Test
    void aCsvOf500ItemsIsCreatedExactlyOnceWithinTheLimit() throws Exception {
        StringBuilder csv = new StringBuilder("reference_id,ad_template_type,available,content_language,title,price_amount,price_currency,colour\n");
        for (int i = 0; i < 500; i++) {
            csv.append("sku-").append(i).append(",shoe,true,pt-br,Shoe ").append(i).append(',').append(1000 + i).append(",BRL,red\n");
        }
        Path inbox = data.resolve("inbox/apisync/inventory-items");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("items.csv"), csv);
        await().atMost(Duration.ofSeconds(90)).until(() -> resultFiles().size() == 1
                && Json.MAPPER.readTree(resultFiles().get(0).toFile()).path("records").size() == 500);
        assertEquals(500, apisync.count("inventory-items"));
        assertEquals(500, apisync.journal().matching("POST", "/inventory-items").size(), "each item sent once");
        assertTrue(apisync.journal().entries().stream().noneMatch(e -> e.status() == 429), "never over the limit");
        assertTrue(Files.exists(inbox.resolve(".done/items.csv")));
        assertEquals("colour", attributes(apisync.records("inventory-items").get(0)).path("custom_attributes").get(0).path("label").asText());
    }

    @Test
    void aFileWithAnInvalidRecordMovesToErrorWithItsReasons() throws Exception {
        Path inbox = data.resolve("inbox/apisync/ads");
        Files.createDirectories(inbox);
        // the ads inbox's route (one of the routes made from the inbox template) fails the file: file-drop moves it to .error/
        NotifyBuilder refused = new NotifyBuilder(context).fromRoute("apisync-receive-record-ads").whenFailed(1).create();
        Files.writeString(inbox.resolve("ads.json"), "[{\"ad_type\": \"expanded-text-ad\", \"state\": \"active\","
                + " \"destination_url\": \"https://example.com\", \"creative\": {\"headline_part1\": \"Hi\"}, \"ad_set\": {\"id\": \"x\"}}]");
        assertTrue(refused.matches(20, TimeUnit.SECONDS), "the file was taken and refused");
        Path reason = inbox.resolve(".error/ads.json.error.json");
        assertTrue(Files.exists(reason));
        JsonNode problems = Json.MAPPER.readTree(reason.toFile()).path("problems");
        assertEquals(List.of("record 0: creative.headline_part2 is required", "record 0: creative.description is required"),
                List.of(problems.get(0).asText(), problems.get(1).asText()));
        assertEquals(0, apisync.journal().entries().size());
    }

    @Test
    void aDroppedFileWithAKeyTwiceMovesToErrorNamingIt() throws Exception {
        Path inbox = data.resolve("inbox/apisync/inventory-items");
        Files.createDirectories(inbox);
        NotifyBuilder refused = new NotifyBuilder(context).fromRoute("apisync-receive-record-inventory-items").whenFailed(1).create();
        Files.writeString(inbox.resolve("items.json"), "{\"reference_id\": \"twice\", \"ad_template_type\": \"car\","
                + " \"available\": true, \"content_language\": \"pt-br\", \"reference_id\": \"other\"}");
        assertTrue(refused.matches(20, TimeUnit.SECONDS), "the file was taken and refused");
        Path reason = inbox.resolve(".error/items.json.error.json");
        assertTrue(Files.readString(reason).contains("reference_id"), Files.readString(reason));
        assertEquals(0, apisync.journal().entries().size());
    }

    @Test
    void webhooksAreAuthenticatedAndChecked() throws Exception {
        String body = "{\"reference_id\": \"a\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\"}";
        HttpResponse<String> noToken = app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/inventory-items"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(401, noToken.statusCode());
        assertTrue(Json.MAPPER.readTree(noToken.body()).has("error"));
        HttpResponse<String> signed = app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/inventory-items"))
                .header(WebhookAuthenticator.SIGNATURE_HEADER, WebhookAuthenticator.expectedSignature(SECRET, body.getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, signed.statusCode(), signed.body());
        HttpResponse<String> byQuery = app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/inventory-items?token=" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, byQuery.statusCode(), byQuery.body());
        assertEquals(400, post("inventory-items", "{not json").statusCode());
        assertEquals(404, post("tiktok-ads", body).statusCode());
        assertEquals(413, post("inventory-items", "[" + (body + ",").repeat(12000) + body + "]").statusCode());
        assertEquals(404, app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/requests/nope"))
                .header(WebhookAuthenticator.TOKEN_HEADER, SECRET).GET()).statusCode());
        assertFalse(signed.headers().firstValue(WebhookAuthenticator.SIGNATURE_HEADER).isPresent(), "request headers are not echoed");
    }

    /**
     * A create whose answer never comes, from an APISync that makes the record at once and holds its answer past
     * adrelay's read timeout ("hold"), or makes it after adrelay gave up waiting ("late"): one record, sent once,
     * reported as created.
     */
    @Nested
    class WhenAnAnswerIsLost {

        @Configure
        void shortTimeouts(MainConfigurationProperties main) {
            LostAnswers.shortTimeouts(app);
        }

        @ParameterizedTest
        @ValueSource(strings = {"hold", "late"})
        void aRecordIsCreatedOnceAndReportedCreated(String kind) throws Exception {
            apisync.faults().next(1, "POST", "/inventory-items", LostAnswers.fault(kind));

            JsonNode outcome = sync("inventory-items", "{\"reference_id\": \"golf-2020\", \"ad_template_type\": \"vehicle\","
                    + " \"available\": true, \"content_language\": \"pt-br\", \"brand\": \"Volkswagen\", \"model\": \"Golf\","
                    + " \"year\": 2020, \"price\": {\"amount\": 1999000, \"currency\": \"EUR\"}, \"link\": \"https://example.com/golf\"}");

            await().atMost(Duration.ofSeconds(10)).until(apisync::idle);
            assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
            assertEquals(1, apisync.count("inventory-items"));
            assertEquals(1, apisync.journal().matching("POST", "/inventory-items").size(), "sent once, then found");
        }
    }

    /** Posts one record and waits for its outcome. */
    JsonNode sync(String resource, String json) throws Exception {
        HttpResponse<String> accepted = post(resource, json);
        assertEquals(202, accepted.statusCode(), accepted.body());
        return awaitOutcome(Json.MAPPER.readTree(accepted.body()).path("tracking_id").asText()).path("records").get(0);
    }

    JsonNode awaitOutcome(String trackingId) {
        HttpRequest.Builder get = HttpRequest.newBuilder(app.uri("/webhooks/apisync/requests/" + trackingId))
                .header(WebhookAuthenticator.TOKEN_HEADER, SECRET).GET();
        await().atMost(Duration.ofSeconds(30)).until(() -> app.send(get).statusCode() == 200);
        try {
            return Json.MAPPER.readTree(app.send(get).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String resource, String json) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/apisync/" + resource))
                .header(WebhookAuthenticator.TOKEN_HEADER, SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    List<Path> resultFiles() throws Exception {
        Path dir = data.resolve("outbox/apisync/results");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    static JsonNode attributes(JsonNode record) {
        return record.has("attributes") ? record.path("attributes") : record.path("data").path("attributes");
    }
}
