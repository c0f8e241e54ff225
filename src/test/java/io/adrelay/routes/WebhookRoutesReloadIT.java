package io.adrelay.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.TestRuntime;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook paths are rest: blocks of an operator's route file: a saved path edit is served at once, a verb without routeId is refused. */
@CamelMainTest(properties = "adrelay.profile=prod")
class WebhookRoutesReloadIT {

    static final String SECRET = "apisync-webhook-secret-reload";
    static final String FILE = "apisync-receive-record.camel.yaml";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path routes;
    @BeanInject
    CamelContext context;

    final ApisyncSimulator apisync = new ApisyncSimulator("apisync-token-reload", 1000).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) throws Exception {
        Files.copy(Path.of("routes").resolve(FILE), routes.resolve(FILE));
        app = TestRuntime.prod("apisync", data.toString())
                .set("apisync.base-url", apisync.baseUrl()).set("apisync.api-token", "apisync-token-reload").set("apisync.webhook-secret", SECRET)
                // the file edited here overrides the packaged one; the other route files are the packaged ones
                .set("adrelay.routes.dir", routes.toString());
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        apisync.close();
    }

    @Test
    void aSavedPathIsServedAtOnce_aVerbWithoutRouteIdIsRefused() throws Exception {
        assertEquals("no request x", outcome("/webhooks/apisync/requests/x"));
        Path file = routes.resolve(FILE);
        String original = Files.readString(file);

        Files.writeString(file, original.replace("path: /requests/{trackingId}", "path: /outcomes/{trackingId}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "no request y".equals(outcome("/webhooks/apisync/outcomes/y")));
        assertEquals("no endpoint GET /webhooks/apisync/requests/x", outcome("/webhooks/apisync/requests/x"));

        // a verb without routeId would become a route no flow keeps: refused, and the paths keep being served
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original.replace("        routeId: apisync-receive-record-outcome\n", ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertTrue(app.get("/observe/health").body().contains("give it a routeId"), app.get("/observe/health").body());
        assertEquals("no request z", outcome("/webhooks/apisync/outcomes/z"));
    }

    /** The JSON reason of an outcome request: 404 from the route behind the path, or from the gate for a path no route serves. */
    private String outcome(String path) throws Exception {
        HttpResponse<String> answer = app.send(HttpRequest.newBuilder(app.uri(path)).header("X-Webhook-Token", SECRET).GET());
        assertEquals(404, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("error").asText();
    }
}
