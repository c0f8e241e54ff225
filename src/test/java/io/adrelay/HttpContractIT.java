package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.sandbox.SimulatorStarter;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP entry point of the contract (DESIGN.md §3), over real HTTP, in the sandbox: each path,
 * method and refusal answers JSON as documented, and the OpenAPI document served at /observe/openapi
 * lists exactly these paths and methods, with their parameters, answers and security schemes.
 */
@CamelMainTest(properties = "adrelay.profile=sandbox")
class HttpContractIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = new TestRuntime().set("adrelay.data-dir", data.toString()).set("adrelay.sandbox.port-base", "0");
        main.addMainListener(app);
        // what the jar's launcher does in the sandbox profile
        main.addMainListener(new SimulatorStarter());
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
        assertJson(200, send("GET", "/ops/flows", null, null));
        assertJson(200, send("GET", "/ops/bsa/pulls", null, null));
        assertJson(404, send("POST", "/ops/dead-letters/no-such-letter/replay", "", null));
        assertJson(404, send("GET", "/ops/snap/product-sets/demo/no-such-set/preview", null, null));
        assertJson(200, send("POST", "/ops/snap/plan", "", null));
        assertJson(200, send("GET", "/ops/snap/state", null, null));
        assertJson(200, send("GET", "/ops/statlas/batches", null, null));
        assertJson(400, send("POST", "/ops/snap/plan", "not: a declaration", "application/yaml"));
        assertJson(413, send("POST", "/ops/snap/plan", "catalogs:\n" + "#".repeat(1_100_000), "application/yaml"));

        // feeds: GET and HEAD
        assertJson(404, send("GET", "/feeds/no-such-feed.csv", null, null));
        assertEquals(404, send("HEAD", "/feeds/no-such-feed.csv", null, null).statusCode());

        // a method a path does not take, and a path nothing serves
        for (String[] wrong : new String[][] {{"GET", "/webhooks/statlas"}, {"GET", "/webhooks/apisync/campaigns"},
                {"DELETE", "/webhooks/apisync/requests/x"}, {"POST", "/ops/jobs"}, {"GET", "/ops/jobs/x/run"}, {"DELETE", "/ops/runs/x"},
                {"POST", "/feeds/x.csv"}, {"POST", "/console"}, {"GET", "/nowhere"}}) {
            HttpResponse<String> refused = send(wrong[0], wrong[1], "GET".equals(wrong[0]) ? null : "{}", null);
            assertJson(404, refused);
            assertEquals("no endpoint " + wrong[0] + " " + wrong[1], JSON.readTree(refused.body()).path("error").asText(), refused.body());
        }
    }

    @Test
    void whatTheServerRefusesBeforeAnyRouteIsJsonToo() throws Exception {
        // a request line over the server's 4096 bytes, headers over its 8 KiB: refused by the server itself
        assertJson(414, send("GET", "/observe/health?q=" + "x".repeat(5000), null, null));
        assertJson(431, app.send(HttpRequest.newBuilder(app.uri("/observe/health")).header("X-Large", "y".repeat(10_000)).GET()));
        // a header name with a space in it is no HTTP: a JSON 400, then the connection is closed
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /observe/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
            assertTrue(JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).has("error"), answer);
        }
    }

    @Test
    void theOpenApiDocumentListsEveryPathWithItsMethodsParametersAndAnswers() throws Exception {
        HttpResponse<String> served = send("GET", "/observe/openapi", null, null);
        assertJson(200, served);
        JsonNode doc = JSON.readTree(served.body());
        assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi").toString());
        assertEquals("adrelay", doc.path("info").path("title").asText());
        assertFalse(doc.path("info").path("version").asText().isEmpty());
        assertFalse(doc.path("info").path("description").asText().isEmpty());

        // path -> method -> the answers README documents for it
        Map<String, Map<String, List<Integer>>> contract = new TreeMap<>(Map.of(
                "/webhooks/statlas", Map.of("post", List.of(202, 400, 401, 413, 415, 422, 503)),
                "/webhooks/apisync/{resource}", Map.of("post", List.of(202, 400, 401, 404, 413, 415, 422, 503)),
                "/webhooks/apisync/requests/{trackingId}", Map.of("get", List.of(200, 202, 401, 404)),
                "/ops/jobs", Map.of("get", List.of(200, 401)),
                "/ops/jobs/{id}/run", Map.of("post", List.of(202, 200, 400, 401, 404, 409)),
                "/ops/runs", Map.of("get", List.of(200, 401, 404)),
                "/ops/runs/{run_id}", Map.of("get", List.of(200, 401, 404)),
                "/ops/dead-letters", Map.of("get", List.of(200, 400, 401)),
                "/ops/dead-letters/{id}/replay", Map.of("post", List.of(200, 401, 404, 409, 500, 502)),
                "/feeds/{file}", Map.of("get", List.of(200, 206, 401, 404), "head", List.of(200, 401, 404))));
        contract.put("/ops/dead-letters/{id}", Map.of("delete", List.of(200, 400, 401, 404)));
        contract.put("/ops/snap/product-sets/{catalog}/{set}/preview", Map.of("get", List.of(200, 401, 404, 409, 502)));
        contract.put("/ops/flows", Map.of("get", List.of(200, 401)));
        contract.put("/ops/snap/plan", Map.of("post", List.of(200, 400, 401, 413, 502)));
        contract.put("/ops/bsa/pulls", Map.of("get", List.of(200, 401)));
        contract.put("/ops/snap/state", Map.of("get", List.of(200, 401)));
        contract.put("/ops/statlas/batches", Map.of("get", List.of(200, 401)));
        Set<String> operationIds = new TreeSet<>();
        Set<String> paths = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(contract.keySet(), paths);
        contract.forEach((path, methods) -> {
            JsonNode item = doc.path("paths").path(path);
            Set<String> documented = new TreeSet<>();
            item.fieldNames().forEachRemaining(documented::add);
            documented.remove("parameters");
            assertEquals(new TreeSet<>(methods.keySet()), documented, path);
            methods.forEach((method, codes) -> {
                JsonNode operation = item.path(method);
                String where = method + " " + path;
                assertFalse(operation.path("summary").asText().isEmpty(), where + " has no description");
                assertTrue(operationIds.add(operation.path("operationId").asText()) && !operation.path("operationId").asText().matches("verb\\d*"),
                        where + ": operationId " + operation.path("operationId") + " is not its route id");
                codes.forEach(code -> assertTrue(operation.path("responses").has(String.valueOf(code)), where + " documents no " + code + ": " + item));
                assertFalse(operation.path("security").isEmpty(), where + " names no security scheme");
                Set<String> pathParams = new TreeSet<>();
                operation.path("parameters").forEach(p -> {
                    if ("path".equals(p.path("in").asText())) {
                        pathParams.add(p.path("name").asText());
                    }
                });
                Matcher braces = Pattern.compile("\\{([^}]+)}").matcher(path);
                Set<String> inPath = new TreeSet<>();
                while (braces.find()) {
                    inPath.add(braces.group(1));
                }
                assertEquals(inPath, pathParams, where);
                if ("post".equals(method) && path.startsWith("/webhooks/")) {
                    assertTrue(operation.path("requestBody").path("content").has("application/json"), where + ": " + operation.path("requestBody"));
                }
            });
        });

        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals("bearer", schemes.path("opsToken").path("scheme").asText(), schemes.toString());
        assertEquals("header", schemes.path("webhookToken").path("in").asText(), schemes.toString());
        assertEquals("X-Webhook-Token", schemes.path("webhookToken").path("name").asText());
        assertEquals("query", schemes.path("webhookTokenQuery").path("in").asText());
        assertEquals("token", schemes.path("webhookTokenQuery").path("name").asText());
        assertEquals("X-Signature", schemes.path("webhookSignature").path("name").asText());
        for (String secret : List.of("sandbox-statlas-secret", "sandbox-apisync-secret")) {
            assertFalse(served.body().contains(secret), "the document shows a secret");
        }

        HttpResponse<String> yaml = send("GET", "/observe/openapi.yaml", null, null);
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().startsWith("openapi: 3."), yaml.body());
    }

    @Test
    void theOpenApiDocumentIsRenderedWhenAskedForTheHostTheCallerUsed() throws Exception {
        // rendered per request, not at start: behind a proxy its server is the address the caller knows
        HttpResponse<String> proxied = app.send(HttpRequest.newBuilder(app.uri("/observe/openapi"))
                .header("X-Forwarded-Host", "adrelay.example.com").header("X-Forwarded-Proto", "https").GET());
        assertJson(200, proxied);
        assertEquals("https://adrelay.example.com", JSON.readTree(proxied.body()).path("servers").path(0).path("url").asText(),
                proxied.body());
        // asked directly, its server is relative: the host the document was fetched from
        HttpResponse<String> direct = send("GET", "/observe/openapi", null, null);
        assertEquals("", JSON.readTree(direct.body()).path("servers").path(0).path("url").asText("none"), direct.body());
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
        assertTrue(answer.isObject() && answer.hasNonNull("error") == (status >= 400), response.body());
    }
}
