package io.adrelay.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorFrameworkTest {

    /** Echoes the path; three requests a second at most. */
    static final class EchoSimulator extends Simulator {
        final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(1));
        boolean limited;

        @Override
        protected SimResponse handle(SimRequest request) {
            return SimResponse.json(200, Map.of("path", request.path(), "q", String.valueOf(request.query("q"))));
        }

        @Override
        protected RateLimiter limiterFor(SimRequest request) {
            return limited ? limiter : null;
        }
    }

    final EchoSimulator sim = new EchoSimulator().start();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void journalsEveryRequestWithItsStatus() throws Exception {
        HttpResponse<String> r = get("/things?q=a%20b");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"q\":\"a b\""), r.body());
        JournalEntry entry = sim.journal().last();
        assertEquals("GET", entry.method());
        assertEquals("/things", entry.path());
        assertEquals("q=a%20b", entry.rawQuery());
        assertEquals(200, entry.status());
    }

    @Test
    void injectedStatusesComeFirstThenNormalService() throws Exception {
        sim.faults().next(2, Fault.status(503));
        assertEquals(503, get("/a").statusCode());
        assertEquals(503, get("/a").statusCode());
        assertEquals(200, get("/a").statusCode());
        assertEquals(List.of(503, 503, 200), sim.journal().entries().stream().map(JournalEntry::status).toList());
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        sim.faults().next(1, Fault.tooManyRequests(7));
        HttpResponse<String> r = get("/a");
        assertEquals(429, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void faultsCanTargetAPathPrefix() throws Exception {
        sim.faults().next(1, "/upload", Fault.status(500));
        assertEquals(200, get("/list").statusCode());
        assertEquals(500, get("/upload/x").statusCode());
        assertEquals(0, sim.faults().pending());
    }

    @Test
    void resetDropsTheConnectionWithoutAnAnswer() {
        sim.faults().next(1, Fault.reset());
        // a POST: the JDK client would quietly retry an idempotent GET on a dropped connection
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/a"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(0, sim.journal().last().status());
    }

    @Test
    void delayAnswersLater() throws Exception {
        sim.faults().next(1, Fault.delay(Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertEquals(200, get("/a").statusCode());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    void cannedBodiesAreServedAsGiven() throws Exception {
        sim.faults().next(1, Fault.body(200, "text/html", "<html>garbage</html>"));
        HttpResponse<String> r = get("/a");
        assertEquals("<html>garbage</html>", r.body());
        assertEquals("text/html", r.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void rateLimitAnswers429UntilTheWindowMoves() throws Exception {
        sim.limited = true;
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/a").statusCode());
        }
        HttpResponse<String> refused = get("/a");
        assertEquals(429, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        await().atMost(Duration.ofSeconds(3)).until(() -> get("/a").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
