package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.ledger.FileCallsInDoubt;

/**
 * The egress template's lost-answer handling against a stub server: a POST that names its effect is looked for
 * (by the test's check route) before anything is sent again, and only when it may have been sent.
 */
class SentEffectsTest {

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger posts = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    /** What the test's check route says: yes, no or unknown. */
    volatile String found = "yes";
    DefaultCamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        // takes the POST, then holds its answer past the client's read timeout
        server.createContext("/things", http -> {
            posts.incrementAndGet();
            http.getRequestBody().readAllBytes();
            awaitQuietly(release);
            http.sendResponseHeaders(201, -1);
            http.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (context != null) {
            context.close();
        }
        server.stop(0);
    }

    void camel(String url, long readTimeoutMs, Duration checkAfter) throws Exception {
        context = new DefaultCamelContext();
        context.getComponent("http", org.apache.camel.component.http.HttpComponent.class)
                .setSoTimeout(readTimeoutMs);
        context.getRegistry().bind("egressSteps", new EgressSteps(new DiskSpace(dir, 0)));
        context.getRegistry().bind("egressResponse", new EgressResponse());
        context.getRegistry().bind("egressBudgets", new EgressBudgets());
        context.getRegistry().bind("egressAnswers", new EgressAnswers());
        context.getRegistry().bind("sentEffects", new SentEffects(new FileCallsInDoubt(dir.resolve("sent")), checkAfter));
        context.getRegistry().bind("noAuth", new Object() {
            public void authorize(Exchange e) {
                e.getIn().setHeader("Authorization", "none");
            }
        });
        context.addRoutes(new EgressTemplate());
        context.addRoutes(new LostAnswerCheck());
        TemplatedRouteBuilder.builder(context, EgressTemplate.ID).routeId("test-egress").parameter("routeId", "test-egress")
                .parameter("api", "test").parameter("requests", "100").parameter("periodMs", "1000")
                .parameter("url", url).parameter("authorize", "noAuth?method=authorize").add();
        // a lambda, not a RouteBuilder class: camel-main's package scan of the ITs would pick a class up
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:test-check").routeId("test-check").process(e -> {
            checks.incrementAndGet();
            e.setProperty(SentEffects.FOUND, found);
            e.getIn().setBody("{\"found\": true}");
        }));
        context.start();
        template = context.createProducerTemplate();
    }

    Exchange post() {
        return template.send("direct:test-egress", e -> {
            e.getIn().setHeaders(Map.of(Exchange.HTTP_METHOD, "POST", Exchange.HTTP_PATH, "/things",
                    SentEffects.EFFECT, "test create thing 1", SentEffects.CHECK, "direct:test-check"));
            e.getIn().setBody("{\"name\": \"thing 1\"}");
        });
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aHeldAnswerIsLookedForAfterTheGraceAndAnsweredByWhatWasFound() throws Exception {
        camel(base(), 300, Duration.ofMillis(800));
        long began = System.nanoTime();

        Exchange result = post();

        assertNull(result.getException());
        assertEquals(1, posts.get(), "sent once");
        assertEquals(1, checks.get());
        assertTrue(Duration.ofNanos(System.nanoTime() - began).toMillis() >= 800, "not looked for before the grace");
        assertEquals("{\"found\": true}", new String(result.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
        assertEquals(Boolean.TRUE, result.getProperty(SentEffects.TAKEN));
        assertEquals(0, remembered(), "no longer in doubt");
    }

    @Test
    void notFoundItFailsForTheCallersRetryWhichSendsItAgain() throws Exception {
        found = "no";
        camel(base(), 300, Duration.ofMillis(500));

        Exchange result = post();

        assertTrue(RetryPolicy.isRetryable(result.getException()), String.valueOf(result.getException()));
        assertEquals(1, checks.get());
        assertEquals(0, remembered());
    }

    @Test
    void whenTheApiCannotTellItFailsForGoodRatherThanRiskingTwo() throws Exception {
        found = "unknown";
        camel(base(), 300, Duration.ofMillis(500));

        Exchange result = post();

        assertInstanceOf(SentEffects.LostAnswerException.class, result.getException());
        assertFalse(RetryPolicy.isRetryable(result.getException()));
    }

    @Test
    void aCallThatNeverLeftIsNotLookedFor() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        camel("http://127.0.0.1:" + closed, 300, Duration.ofSeconds(30));
        long began = System.nanoTime();

        Exchange result = post();

        assertTrue(RetryPolicy.isRetryable(result.getException()));
        assertEquals(0, checks.get(), "a refused connection sent nothing");
        assertTrue(Duration.ofNanos(System.nanoTime() - began).toSeconds() < 10, "and is not waited for");
        assertEquals(0, remembered());
    }

    @Test
    void aCallSentBeforeAStopIsLookedForBeforeItIsSentAgain() throws Exception {
        // what a stop left: the call was out, its answer never came
        camel(base(), 300, Duration.ofMillis(200));
        DataDirectory.writeObject(dir.resolve("sent").resolve(fileName()), Json.MAPPER.createObjectNode()
                .put("effect", "test create thing 1").put("sent_at", Instant.now().minusSeconds(5).toString()));

        Exchange result = post();

        assertNull(result.getException());
        assertEquals(0, posts.get(), "found: not sent again");
        assertEquals(1, checks.get());
        assertEquals(0, remembered());
    }

    private long remembered() throws IOException {
        if (!Files.isDirectory(dir.resolve("sent"))) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir.resolve("sent"))) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    /** The file a remembered call has: the same name SentEffects gives it. */
    private String fileName() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("test create thing 1".getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest, 0, 16) + ".json";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
