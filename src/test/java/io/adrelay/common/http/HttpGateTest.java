package io.adrelay.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.apache.camel.impl.event.CamelContextStoppingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate in front of a real Vert.x server: JSON 503 while closed; open, a form-typed JSON body arrives whole. */
class HttpGateTest {

    private final HttpGate gate = new HttpGate();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DefaultCamelContext context = new DefaultCamelContext();
    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/*").handler(gate);
        router.post("/webhooks/echo").handler(BodyHandler.create())
                .handler(ctx -> ctx.response().putHeader("Content-Type", ctx.request().getHeader("Content-Type"))
                        .end(ctx.body().buffer() == null ? "" : ctx.body().asString()));
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyPathAnswersJson503WhileStartingAndStopping() throws Exception {
        HttpResponse<String> starting = get("/anything");
        assertEquals(503, starting.statusCode());
        assertEquals("application/json", starting.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("1", starting.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(starting.body().contains("starting"), starting.body());

        gate.notify(new CamelContextStartedEvent(context));
        assertEquals(200, post("application/json", "{}").statusCode());

        gate.notify(new CamelContextStoppingEvent(context));
        HttpResponse<String> stopping = post("application/json", "{}");
        assertEquals(503, stopping.statusCode());
        assertTrue(stopping.body().contains("stopping"), stopping.body());
    }

    @Test
    void jsonSentWithCurlsDefaultFormTypeArrivesWholeAsJson() throws Exception {
        gate.notify(new CamelContextStartedEvent(context));
        String json = "{\"link\": \"https://example.com/a?b=c&d=e+f%20g\"}";
        HttpResponse<String> echoed = post("application/x-www-form-urlencoded", json);
        assertEquals(json, echoed.body());
        assertEquals("application/json", echoed.headers().firstValue("Content-Type").orElseThrow());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/webhooks/echo")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }
}
