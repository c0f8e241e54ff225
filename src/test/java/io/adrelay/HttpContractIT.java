package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTP entry point of the contract (DESIGN.md §3), over real HTTP, in the sandbox: each path, method and refusal answers JSON as documented. */
@CamelMainTest(mainClass = Application.class, properties = "adrelay.profile=sandbox")
class HttpContractIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = new TestRuntime().set("adrelay.data-dir", data.toString()).set("adrelay.sandbox.port-base", "0");
        main.addMainListener(app);
    }

    @Test
    void everyPathAnswersWithItsMethodAndRefusesOthersWithJson() throws Exception {
        // webhooks: the secret is checked first, a JSON body sent as curl -d sends it is read as JSON
        assertJson(401, send("POST", "/webhooks/statlas", "{}", null));
        assertJson(422, send("POST", "/webhooks/statlas?token=sandbox-statlas-secret", "{}", "application/x-www-form-urlencoded"));
        assertJson(400, send("POST", "/webhooks/statlas?token=sandbox-statlas-secret", "{not json", "application/x-www-form-urlencoded"));
        assertJson(401, send("POST", "/webhooks/apisync/campaigns", "{}", null));
        HttpResponse<String> accepted = send("POST", "/webhooks/apisync/inventory-items?token=sandbox-apisync-secret",
                "{\"reference_id\": \"contract-1\", \"ad_template_type\": \"vehicle\", \"available\": true, \"content_language\": \"pt-br\","
                        + " \"brand\": \"Volkswagen\", \"model\": \"Jetta\", \"year\": 2018, \"price\": {\"amount\": 2117990, \"currency\": \"BRL\"},"
                        + " \"link\": \"https://example.com/jetta\"}", "application/x-www-form-urlencoded");
        assertJson(202, accepted);
        String tracking = JSON.readTree(accepted.body()).path("tracking_id").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> send("GET", "/webhooks/apisync/requests/" + tracking + "?token=sandbox-apisync-secret", null, null).statusCode() == 200);
        assertJson(404, send("GET", "/webhooks/apisync/requests/no-such-request?token=sandbox-apisync-secret", null, null));

        // ops (open in the sandbox)
        assertJson(200, send("GET", "/ops/jobs", null, null));
        assertJson(404, send("POST", "/ops/jobs/no-such-job/run", "", null));
        assertJson(200, send("GET", "/ops/runs", null, null));
        assertJson(404, send("GET", "/ops/runs/no-such-run", null, null));
        assertJson(200, send("GET", "/ops/dead-letters", null, null));
        assertJson(404, send("POST", "/ops/dead-letters/no-such-letter/replay", "", null));

        // feeds: GET and HEAD
        assertJson(404, send("GET", "/feeds/no-such-feed.csv", null, null));
        assertEquals(404, send("HEAD", "/feeds/no-such-feed.csv", null, null).statusCode());

        // a method a path does not take, and a path nothing serves
        for (String[] wrong : new String[][] {{"GET", "/webhooks/statlas"}, {"GET", "/webhooks/apisync/campaigns"},
                {"DELETE", "/webhooks/apisync/requests/x"}, {"POST", "/ops/jobs"}, {"GET", "/ops/jobs/x/run"}, {"DELETE", "/ops/runs/x"},
                {"POST", "/feeds/x.csv"}, {"GET", "/nowhere"}}) {
            HttpResponse<String> refused = send(wrong[0], wrong[1], "GET".equals(wrong[0]) ? null : "{}", null);
            assertJson(404, refused);
            assertEquals("no endpoint " + wrong[0] + " " + wrong[1], JSON.readTree(refused.body()).path("error").asText(), refused.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return app.send(request);
    }

    private static void assertJson(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.request().method() + " " + response.uri() + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.uri() + ": " + response.headers().map());
        JsonNode answer = JSON.readTree(response.body());
        assertTrue(answer.isObject(), response.body());
    }
}
