package io.adrelay.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    static String item(String ref) {
        return "{\"data\": {\"type\": \"inventory-items\", \"attributes\": {\"reference_id\": \"" + ref + "\","
                + " \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\"}}}";
    }

    @Test
    void needsTheTokenAndTheMediaType() throws Exception {
        assertEquals(401, send("GET", "/inventory-items", null, null, false).statusCode());
        assertEquals(406, send("POST", "/inventory-items", item("a"), "application/json", true).statusCode());
        assertEquals(400, post("/inventory-items", "{\"attributes\": {}}").statusCode());
    }

    @Test
    void refusesWithEveryProblem() throws Exception {
        HttpResponse<String> r = post("/inventory-items", "{\"data\": {\"type\": \"inventory-items\", \"attributes\": {"
                + "\"ad_template_type\": \"veículo\", \"content_language\": \"en\", \"price\": {\"amount\": 0}}}}");
        assertEquals(422, r.statusCode());
        JsonNode errors = JSON.readTree(r.body()).path("errors");
        assertEquals(4, errors.size(), r.body());
        assertEquals("/data/attributes/available", errors.get(1).path("source").path("pointer").asText());
    }

    @Test
    void upsertsByReferenceIdAndFingerprint() throws Exception {
        assertEquals(201, post("/inventory-items", item("a")).statusCode());
        assertEquals(200, post("/inventory-items", item("a")).statusCode());
        assertEquals(1, apisync.count("inventory-items"));
        String car = "{\"data\": {\"type\": \"inventory-items\", \"attributes\": {\"ad_template_type\": \"vehicle\","
                + " \"available\": true, \"content_language\": \"pt-br\", \"brand\": \"VW\", \"model\": \"Jetta\", \"year\": 2018}}}";
        assertEquals(201, post("/inventory-items", car).statusCode());
        assertEquals(200, post("/inventory-items", car).statusCode(), "same fingerprint: updated");
        assertEquals(2, apisync.count("inventory-items"));
    }

    @Test
    void campaignsNeedAnAccountWeCanSee() throws Exception {
        String campaign = "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"service\": \"facebook-ads\", \"state\": \"active\"},"
                + " \"relationships\": {\"ad_account\": {\"data\": {\"type\": \"ad-accounts\", \"id\": \"act_77\"}}}}}";
        HttpResponse<String> refused = post("/campaigns", campaign);
        assertEquals(422, refused.statusCode());
        assertEquals("not_found", JSON.readTree(refused.body()).path("errors").get(0).path("code").asText());
        apisync.addAdAccount("act_77", "New", "facebook-ads");
        assertEquals(201, post("/campaigns", campaign).statusCode());
        JsonNode facebook = JSON.readTree(get("/ad-accounts?filter[service]=facebook-ads").body()).path("data");
        assertEquals(3, facebook.size());
    }

    @Test
    void pagesThroughListsWithACursor() throws Exception {
        for (int i = 0; i < 60; i++) {
            assertEquals(201, post("/inventory-items", item("p" + i)).statusCode());
        }
        Set<String> seen = new HashSet<>();
        String next = apisync.baseUrl() + "/inventory-items";
        int pages = 0;
        while (next != null) {
            JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(next.replace("[", "%5B").replace("]", "%5D")))
                    .header("Authorization", "ApiToken " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body());
            page.path("data").forEach(d -> seen.add(d.path("id").asText()));
            assertTrue(page.path("data").size() <= 25);
            next = page.path("links").path("next").asText(null);
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(60, seen.size());
    }

    @Test
    void answers429AboveItsRate() throws Exception {
        ApisyncSimulator slow = new ApisyncSimulator(TOKEN, 2).start();
        try {
            int limited = 0;
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/ad-accounts"))
                        .header("Authorization", "ApiToken " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429) {
                    limited++;
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                    assertEquals("rate_limited", JSON.readTree(r.body()).path("errors").get(0).path("code").asText());
                }
            }
            assertEquals(2, limited);
            await().atMost(Duration.ofSeconds(3)).until(() -> http.send(HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/ad-accounts"))
                    .header("Authorization", "ApiToken " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } finally {
            slow.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, ApisyncSimulator.MEDIA_TYPE, true);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null, true);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apisync.baseUrl() + path.replace("[", "%5B").replace("]", "%5D")));
        if (auth) {
            b.header("Authorization", "ApiToken " + TOKEN);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
