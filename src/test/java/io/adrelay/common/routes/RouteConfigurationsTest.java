package io.adrelay.common.routes;

import static org.apache.camel.builder.Builder.constant;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.common.egress.ResponseClassifier;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.StorageException;

/** The three route configurations, on real Camel routes: http-api, file-drop and webhook. */
class RouteConfigurationsTest {

    @TempDir
    Path dir;
    private DefaultCamelContext context;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger fullDiskAttempts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("retryPolicy", new RetryPolicy(2, 1, 10));
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(dir.resolve("dead-letter")), new DeadLetterCounter(context)));
        context.addRoutes(new RouteConfigurations());
        // a lambda, not a RouteBuilder subclass: the application's package scan would pick that up
        RouteBuilder.addRoutes(context, rb -> {
            rb.from("direct:call").routeId("test-call").routeConfigurationId("http-api")
                    .setProperty(Flow.API, constant("test"))
                    .setProperty(Flow.REPLAY_URI, constant("direct:call"))
                    .setProperty(Flow.REQUEST, constant("GET http://api.example/x?key=sup3rs3cr3t"))
                    .process(e -> {
                        calls.incrementAndGet();
                        int status = e.getIn().getHeader("status", Integer.class);
                        ResponseClassifier.check("test", status, null, "{\"error\":{\"code\":\"E" + status + "\",\"message\":\"m\"}}");
                    });
            rb.from("file:" + dir.resolve("inbox") + "?move=.done").routeId("test-drop")
                    .routeConfigurationId("file-drop")
                    .process(e -> {
                        throw new InvalidInputException("bad record", List.of("price is zero", "link must start with http"));
                    });
            rb.from("file:" + dir.resolve("full") + "?move=.done").routeId("test-full")
                    .routeConfigurationId("file-drop")
                    .process(e -> {
                        fullDiskAttempts.incrementAndGet();
                        throw new StorageException("Cannot write x", new java.io.IOException("No space left on device"));
                    });
            // a call under way when adrelay is told to stop, which then fails as an API can (503)
            rb.from("direct:call-at-stop").routeId("test-call-at-stop").routeConfigurationId("http-api")
                    .setProperty(Flow.API, constant("test"))
                    .setProperty(Flow.REPLAY_URI, constant("direct:call-at-stop"))
                    .process(e -> {
                        calls.incrementAndGet();
                        await().atMost(Duration.ofSeconds(10)).until(() -> context.isStopping());
                        ResponseClassifier.check("test", e.getIn().getHeader("status", Integer.class), null, "{}");
                    });
            rb.from("direct:hook").routeId("test-hook").routeConfigurationId("webhook")
                    .process(e -> {
                        throw new RequestRejectedException(413, "body larger than 1 MiB");
                    });
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void httpApiRetriesRetryableErrorsThenDeadLetters() throws Exception {
        Exchange result = context.createProducerTemplate().send("direct:call", e -> {
            e.getIn().setHeader("status", 503);
            e.getIn().setHeader("AdrelayDate", "2026-11-21");
        });
        assertEquals(3, calls.get(), "one call and two retries");
        assertNotNull(result.getProperty(Flow.DEAD_LETTER_ID));
        JsonNode letter = onlyLetter();
        assertEquals(3, letter.path("attempts").asInt());
        assertEquals("E503", letter.path("error").path("code").asText());
        assertEquals("direct:call", letter.path("replay").path("endpoint").asText());
        assertEquals("2026-11-21", letter.path("replay").path("headers").path("AdrelayDate").asText());
        assertFalse(letter.toString().contains("sup3rs3cr3t"));
    }

    @Test
    void httpApiNeitherRetriesNorDeadLettersACallThatFailsWhileAdrelayStops() throws Exception {
        Exchange result = failWhileStopping(503);
        assertEquals(1, calls.get(), "no retry is begun once the stop began");
        assertNotNull(result.getException(), "not handled: the input stays where it is for the next start");
        assertNull(result.getProperty(Flow.DEAD_LETTER_ID));
        assertFalse(Files.exists(dir.resolve("dead-letter")), "a stop is not the API's failure: no dead letter");
    }

    @Test
    void aFinalRefusalWhileAdrelayStopsIsStillADeadLetter() throws Exception {
        Exchange result = failWhileStopping(404);
        assertNotNull(result.getProperty(Flow.DEAD_LETTER_ID), "no retry would have mended it: the stop changes nothing");
        assertEquals(404, onlyLetter().path("error").path("status").asInt(), onlyLetter().toString());
    }

    /** A call under way when the context is told to stop, failing with the status once it stops. */
    private Exchange failWhileStopping(int status) throws Exception {
        context.getShutdownStrategy().setTimeout(10);
        CompletableFuture<Exchange> sent = CompletableFuture.supplyAsync(() -> context.createProducerTemplate().send("direct:call-at-stop",
                e -> e.getIn().setHeader("status", status)));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        context.stop();
        return sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void httpApiNeverRetriesFinalErrors() throws Exception {
        context.createProducerTemplate().send("direct:call", e -> e.getIn().setHeader("status", 404));
        assertEquals(1, calls.get());
        assertEquals("E404", onlyLetter().path("error").path("code").asText());
    }

    @Test
    void fileDropMovesARefusedFileToErrorWithItsReasons() throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(dir.resolve("inbox/items.json"), "{}");
        Path reason = dir.resolve("inbox/.error/items.json.error.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(reason) && Files.exists(dir.resolve("inbox/.error/items.json")));
        JsonNode json = Json.MAPPER.readTree(reason.toFile());
        assertEquals(List.of("price is zero", "link must start with http"),
                List.of(json.path("problems").get(0).asText(), json.path("problems").get(1).asText()));
        assertTrue(json.path("reason").asText().startsWith("bad record"));
        assertFalse(Files.exists(dir.resolve("inbox/items.json")));
    }

    @Test
    void fileDropLeavesTheFileInItsInboxWhenTheDiskRefusesAWrite() throws Exception {
        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/items.json"), "{}");
        // tried again at a later poll, never moved aside and never retried in place
        await().atMost(Duration.ofSeconds(10)).until(() -> fullDiskAttempts.get() >= 2);
        assertTrue(Files.exists(dir.resolve("full/items.json")));
        assertFalse(Files.exists(dir.resolve("full/.error")));
        assertFalse(Files.exists(dir.resolve("full/.done")));
    }

    @Test
    void webhookAnswersAJsonReasonAndNoRequestHeaders() throws Exception {
        Exchange result = context.createProducerTemplate().send("direct:hook", e -> e.getIn().setHeader("X-Webhook-Token", "t0k3n-abc"));
        assertEquals(413, result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("body larger than 1 MiB", Json.MAPPER.readTree(result.getMessage().getBody(String.class)).path("error").asText());
        assertFalse(result.getMessage().getHeaders().containsKey("X-Webhook-Token"));
    }

    private JsonNode onlyLetter() throws Exception {
        List<Path> letters;
        try (var files = Files.walk(dir.resolve("dead-letter"))) {
            letters = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertEquals(1, letters.size());
        return Json.MAPPER.readTree(letters.get(0).toFile());
    }
}
