package io.adrelay.sandbox.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.sandbox.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApisyncSimulatorTest {

    static final String TOKEN = "tok-123456";
    static final ObjectMapper JSON = new ObjectMapper();
    final ApisyncSimulator apisync = new ApisyncSimulator(TOKEN, 1000).start();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        apisync.close();
    }

    @Test
    void refusesARequestWithoutTheToken() throws Exception {
        HttpResponse<String> r = send(apisync, "GET", "/inventory-items", null, null, null);
        assertEquals(401, r.statusCode());
        assertEquals(ApisyncSimulator.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("401", errors(r).get(0).path("status").asText());
        assertEquals(401, send(apisync, "GET", "/inventory-items", null, null, "ApiToken wrong").statusCode());
    }

    @Test
    void refusesAnotherMediaTypeWith406() throws Exception {
        HttpResponse<String> r = send(apisync, "POST", "/inventory-items", item("a", "VW", "Jetta"), "application/json", "ApiToken " + TOKEN);
        assertEquals(406, r.statusCode());
        assertEquals("406", errors(r).get(0).path("status").asText());
        assertEquals(0, apisync.count("inventory-items"));
    }

    @Test
    void refusesABadEnvelopeWith400AndUnknownPathsAndMethods() throws Exception {
        assertEquals(400, post("/inventory-items", "{\"attributes\": {}}").statusCode());
        assertEquals(400, post("/inventory-items", "{\"data\": {\"type\": \"campaigns\", \"attributes\": {}}}").statusCode());
        assertEquals(404, get("/nothing-here").statusCode());
        assertEquals(404, get("/inventory-items/" + java.util.UUID.randomUUID()).statusCode());
        assertEquals(405, post("/ad-accounts", "{\"data\": {\"type\": \"ad-accounts\", \"attributes\": {}}}").statusCode());
    }

    @Test
    void lists422WithEveryProblemOfAnInventoryItem() throws Exception {
        HttpResponse<String> r = post("/inventory-items", "{\"data\": {\"type\": \"inventory-items\", \"attributes\": {"
                + "\"ad_template_type\": \"veículo\", \"content_language\": \"en\", \"condition\": \"broken\","
                + " \"price\": {\"amount\": 0}, \"link\": \"ftp://example.com\", \"imageUrl\": \"x\"}}}");
        assertEquals(422, r.statusCode());
        Set<String> pointers = new LinkedHashSet<>();
        errors(r).forEach(e -> pointers.add(e.path("source").path("pointer").asText()));
        assertEquals(Set.of("/data/attributes/imageUrl", "/data/attributes/ad_template_type", "/data/attributes/available",
                "/data/attributes/content_language", "/data/attributes/condition", "/data/attributes/price",
                "/data/attributes/link"), pointers, r.body());
        assertEquals(7, errors(r).size());
        assertEquals(0, apisync.count("inventory-items"));
    }

    @Test
    void createsThenUpsertsByReferenceId() throws Exception {
        HttpResponse<String> created = post("/inventory-items", item("sku-1", "VW", "Jetta"));
        assertEquals(201, created.statusCode());
        JsonNode first = JSON.readTree(created.body()).path("data");
        HttpResponse<String> upserted = post("/inventory-items", item("sku-1", "VW", "Jetta GLI"));
        assertEquals(200, upserted.statusCode());
        JsonNode second = JSON.readTree(upserted.body()).path("data");
        assertEquals(1, apisync.count("inventory-items"));
        assertEquals(first.path("id").asText(), second.path("id").asText());
        assertEquals("Jetta GLI", second.path("attributes").path("model").asText());
        assertEquals(first.path("attributes").path("created_at").asText(), second.path("attributes").path("created_at").asText());

        // available=false stamps sold_out_at; the record stays readable
        HttpResponse<String> soldOut = send(apisync, "PATCH", "/inventory-items/" + first.path("id").asText(),
                item("sku-1", "VW", "Jetta GLI").replace("\"available\": true", "\"available\": false"), ApisyncSimulator.MEDIA_TYPE, "ApiToken " + TOKEN);
        assertEquals(200, soldOut.statusCode(), soldOut.body());
        assertTrue(JSON.readTree(get("/inventory-items/" + first.path("id").asText()).body()).path("data").path("attributes").has("sold_out_at"));
    }

    @Test
    void upsertsAnItemWithTheSameFingerprint() throws Exception {
        String car = item(null, "VW", "Jetta");
        HttpResponse<String> created = post("/inventory-items", car);
        assertEquals(201, created.statusCode());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("VW|Jetta|2018|".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, JSON.readTree(created.body()).path("data").path("attributes").path("fingerprint").asText());
        assertEquals(200, post("/inventory-items", car.replace("\"available\": true", "\"available\": false")).statusCode());
        assertEquals(1, apisync.count("inventory-items"));
        assertEquals(201, post("/inventory-items", item(null, "VW", "Golf")).statusCode(), "another fingerprint");
        assertEquals(2, apisync.count("inventory-items"));
    }

    @Test
    void aCampaignNeedsAnAdAccountWeCanSee() throws Exception {
        HttpResponse<String> refused = post("/campaigns", campaign("xmas", "facebook-ads", "act_77"));
        assertEquals(422, refused.statusCode());
        JsonNode error = errors(refused).get(0);
        assertEquals("not_found", error.path("code").asText());
        assertEquals("/data/relationships/ad_account", error.path("source").path("pointer").asText());

        apisync.addAdAccount("act_77", "New", "facebook-ads");
        assertEquals(201, post("/campaigns", campaign("xmas", "facebook-ads", "act_77")).statusCode());
        assertEquals(200, post("/campaigns", campaign("xmas", "facebook-ads", "act_77")).statusCode(), "reference_id upsert");
        assertEquals(1, apisync.count("campaigns"));
        assertEquals(422, post("/campaigns", campaign("g", "google-ads", "act_77")).statusCode(), "account on another service");
        assertEquals(1, JSON.readTree(get("/ad-accounts/act_77/campaigns?filter[service]=facebook-ads").body()).path("data").size());
    }

    @Test
    void aFacebookAdSetNeedsGeoLocations() throws Exception {
        String campaignId = id(post("/campaigns", campaign("fb", "facebook-ads", "act_1001")));
        HttpResponse<String> refused = post("/ad-sets", adSet("set", campaignId, "{\"daily_budget\": {\"amount\": 1299}}"));
        assertEquals(422, refused.statusCode());
        assertTrue(errors(refused).get(0).path("detail").asText().contains("geo_locations"), refused.body());

        HttpResponse<String> created = post("/ad-sets", adSet("set", campaignId, "{\"geo_locations\": {\"countries\": [\"US\"]}}"));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("facebook-ads", JSON.readTree(created.body()).path("data").path("attributes").path("service").asText());
    }

    @Test
    void refusesKebabCaseKeysAtAnyDepthAsTheSpecRequiresSnakeCase() throws Exception {
        String campaignId = id(post("/campaigns", campaign("fb", "facebook-ads", "act_1001")));
        HttpResponse<String> refused = post("/ad-sets", adSet("set", campaignId,
                "{\"daily-budget\": {\"amount\": 1299, \"billing_event\": \"CLICKS\"}, \"geo_locations\": {\"countries\": [\"US\"],"
                        + " \"custom_locations\": [{\"latitude\": 36, \"longitude\": -121.0, \"distance-unit\": \"kilometer\"}]}}"));
        assertEquals(422, refused.statusCode(), refused.body());
        List<String> pointers = new ArrayList<>();
        errors(refused).forEach(e -> pointers.add(e.path("source").path("pointer").asText()));
        assertEquals(List.of("/data/attributes/service_configurations/daily-budget",
                "/data/attributes/service_configurations/geo_locations/custom_locations/0/distance-unit"), pointers);
        assertEquals("invalid", errors(refused).get(0).path("code").asText());
        assertEquals("422", errors(refused).get(0).path("status").asText());
        assertEquals(0, apisync.count("ad-sets"));

        HttpResponse<String> kebabRelationship = post("/ad-sets", adSet("set", campaignId, "{\"geo_locations\": {\"countries\": [\"US\"]}}")
                .replace("\"campaign\": {\"data\"", "\"the-campaign\": {\"data\""));
        assertEquals(422, kebabRelationship.statusCode());
        assertTrue(kebabRelationship.body().contains("/data/relationships/the-campaign"), kebabRelationship.body());
    }

    @Test
    void anAdSetsServiceIsItsCampaignsWhateverTheClientSends() throws Exception {
        String campaignId = id(post("/campaigns", campaign("fb", "facebook-ads", "act_1001")));
        HttpResponse<String> created = post("/ad-sets", adSet("set", campaignId, "{\"geo_locations\": {\"countries\": [\"US\"]}}")
                .replace("\"state\"", "\"service\": \"google-ads\", \"state\""));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("facebook-ads", JSON.readTree(created.body()).path("data").path("attributes").path("service").asText(), "read-only");
        assertEquals("facebook-ads", JSON.readTree(get("/ad-sets/" + id(created)).body()).path("data").path("attributes").path("service").asText());
    }

    @Test
    void aPriceAmountBeyondSigned64BitsIsRefused() throws Exception {
        for (String amount : List.of("18446744073709551616", "18446744073709551617", "9223372036854775808", "10.5")) {
            HttpResponse<String> r = post("/inventory-items", item("sku", "VW", "Jetta").replace("\"year\": 2018",
                    "\"year\": 2018, \"price\": {\"amount\": " + amount + ", \"currency\": \"BRL\"}"));
            assertEquals(422, r.statusCode(), amount + ": " + r.body());
            assertEquals("/data/attributes/price", errors(r).get(0).path("source").path("pointer").asText());
        }
        assertEquals(0, apisync.count("inventory-items"));
    }

    @Test
    void anAdMustFitItsAdSetsService() throws Exception {
        String campaignId = id(post("/campaigns", campaign("g", "google-ads", "1234567890")));
        String adSetId = id(post("/ad-sets", adSet("g-set", campaignId, "{}")));
        String facebookAd = ad("wrong", adSetId, "image_with_link", "{\"story\": {\"link_data\": {\"link\": \"https://example.com\","
                + " \"message\": \"Hi\", \"picture\": \"https://example.com/p.png\"}}}");
        HttpResponse<String> refused = post("/ads", facebookAd);
        assertEquals(422, refused.statusCode());
        assertEquals("/data/attributes/ad_type", errors(refused).get(0).path("source").path("pointer").asText());

        String textAd = ad("right", adSetId, "expanded-text-ad",
                "{\"headline_part1\": \"Beach\", \"headline_part2\": \"House\", \"description\": \"Yours today\"}");
        String adId = id(post("/ads", textAd));
        assertEquals(1, JSON.readTree(get("/ad-sets/" + adSetId + "/ads?filter[ad_type]=expanded-text-ad").body()).path("data").size());
        assertEquals(0, JSON.readTree(get("/ad-sets/" + adSetId + "/ads?filter[ad_type]=video").body()).path("data").size());

        // only state changes on an ad; a removed ad stays readable
        assertEquals(422, patch("/ads/" + adId, "{\"data\": {\"type\": \"ads\", \"attributes\": {\"destination_url\": \"https://other.example\"}}}").statusCode());
        assertEquals(200, patch("/ads/" + adId, "{\"data\": {\"type\": \"ads\", \"attributes\": {\"state\": \"removed\"}}}").statusCode());
        assertEquals("removed", JSON.readTree(get("/ads/" + adId).body()).path("data").path("attributes").path("state").asText());
    }

    @Test
    void pagesThroughSixtyItemsWithLinksNext() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            created.add(id(post("/inventory-items", item("p" + i, "VW", "Jetta"))));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = apisync.baseUrl() + "/inventory-items";
        while (next != null) {
            assertTrue(next.startsWith(apisync.baseUrl()), next);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(next)).header("Authorization", "ApiToken " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode page = JSON.readTree(r.body());
            page.path("data").forEach(d -> seen.add(d.path("id").asText()));
            sizes.add(page.path("data").size());
            next = page.path("links").path("next").asText(null);
        }
        assertEquals(List.of(25, 25, 10), sizes);
        assertEquals(created, seen, "every item once, in chronological order");
    }

    @Test
    void filtersAdAccountsByService() throws Exception {
        assertEquals(List.of("act_1001", "act_1002"), ids(get("/ad-accounts?filter[service]=facebook-ads")));
        assertEquals(List.of("1234567890"), ids(get("/ad-accounts?filter[service]=google-ads")));
        assertEquals(3, ids(get("/ad-accounts")).size());
    }

    @Test
    void answers429AboveItsRate() throws Exception {
        try (ApisyncSimulator slow = new ApisyncSimulator(TOKEN, 3).start()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, send(slow, "GET", "/ad-accounts", null, null, "ApiToken " + TOKEN).statusCode());
            }
            HttpResponse<String> limited = send(slow, "GET", "/ad-accounts", null, null, "ApiToken " + TOKEN);
            assertEquals(429, limited.statusCode());
            assertTrue(limited.headers().firstValue("Retry-After").isPresent());
            assertEquals("429", errors(limited).get(0).path("status").asText());
            assertFalse(errors(limited).get(0).path("title").asText().isEmpty());
        }
    }

    static String item(String ref, String brand, String model) {
        return "{\"data\": {\"type\": \"inventory-items\", \"attributes\": {" + (ref == null ? "" : "\"reference_id\": \"" + ref + "\", ")
                + "\"ad_template_type\": \"vehicle\", \"available\": true, \"content_language\": \"pt-br\","
                + " \"brand\": \"" + brand + "\", \"model\": \"" + model + "\", \"year\": 2018}}}";
    }

    static String campaign(String ref, String service, String account) {
        return "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"reference_id\": \"" + ref + "\", \"service\": \"" + service + "\","
                + " \"state\": \"active\"}, \"relationships\": {\"ad_account\": {\"data\": {\"type\": \"ad-accounts\", \"id\": \"" + account + "\"}}}}}";
    }

    static String adSet(String ref, String campaignId, String configurations) {
        return "{\"data\": {\"type\": \"ad-sets\", \"attributes\": {\"reference_id\": \"" + ref + "\", \"state\": \"active\","
                + " \"bids\": {\"cpc\": {\"amount\": 123}}, \"service_configurations\": " + configurations + "},"
                + " \"relationships\": {\"campaign\": {\"data\": {\"type\": \"campaigns\", \"id\": \"" + campaignId + "\"}}}}}";
    }

    static String ad(String ref, String adSetId, String adType, String creative) {
        return "{\"data\": {\"type\": \"ads\", \"attributes\": {\"reference_id\": \"" + ref + "\", \"ad_type\": \"" + adType + "\","
                + " \"state\": \"active\", \"destination_url\": \"https://example.com\", \"creative\": " + creative + "},"
                + " \"relationships\": {\"ad_set\": {\"data\": {\"type\": \"ad-sets\", \"id\": \"" + adSetId + "\"}}}}}";
    }

    private static JsonNode errors(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("errors");
    }

    private static String id(HttpResponse<String> r) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).path("data").path("id").asText();
        assertNotEquals("", id);
        return id;
    }

    private static List<String> ids(HttpResponse<String> r) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).path("data").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(apisync, "POST", path, body, ApisyncSimulator.MEDIA_TYPE, "ApiToken " + TOKEN);
    }

    private HttpResponse<String> patch(String path, String body) throws Exception {
        return send(apisync, "PATCH", path, body, ApisyncSimulator.MEDIA_TYPE, "ApiToken " + TOKEN);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(apisync, "GET", path, null, null, "ApiToken " + TOKEN);
    }

    private HttpResponse<String> send(Simulator target, String method, String path, String body, String contentType, String auth)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(target.baseUrl() + path));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** java.net.URI refuses the raw brackets of filter[...] and page[...]. */
    private static URI uri(String url) {
        return URI.create(url.replace("[", "%5B").replace("]", "%5D"));
    }
}
