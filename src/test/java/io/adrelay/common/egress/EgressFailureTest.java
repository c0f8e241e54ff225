package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.ledger.FileCallsInDoubt;

/** The egress template: a call that cannot even connect is dead-lettered with the request it was, like any API error. */
class EgressFailureTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionFailureDeadLetterSaysWhatWasAsked() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closedPort;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("retryPolicy", new RetryPolicy(1, 1, 10));
            context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(dir), new DeadLetterCounter(context)));
            context.getRegistry().bind("diskSpace", new DiskSpace(dir, 0));
            context.getRegistry().bind("egressSteps", new EgressSteps(new DiskSpace(dir, 0)));
            context.getRegistry().bind("egressResponse", new EgressResponse());
            context.getRegistry().bind("egressBudgets", new EgressBudgets());
            context.getRegistry().bind("egressAnswers", new EgressAnswers());
            context.getRegistry().bind("sentEffects", new SentEffects(new FileCallsInDoubt(dir.resolve("sent")), java.time.Duration.ofSeconds(1)));
            context.getRegistry().bind("testAuthorization", new Object() {
                public void authorize(org.apache.camel.Exchange e) {
                    e.getIn().setHeader("Authorization", "Bearer test");
                }
            });
            context.addRoutes(new RouteConfigurations());
            context.addRoutes(new EgressTemplate());
            context.addRoutes(new LostAnswerCheck());
            TemplatedRouteBuilder.builder(context, EgressTemplate.ID).routeId("test-egress").parameter("routeId", "test-egress")
                    .parameter("api", "test").parameter("requests", "100").parameter("periodMs", "1000").parameter("url", base)
                    .parameter("authorize", "testAuthorization?method=authorize").add();
            RouteBuilder.addRoutes(context, rb -> {
                rb.from("direct:caller").routeId("test-caller").routeConfigurationId("http-api")
                        .setProperty(Flow.API, rb.constant("test"))
                        .process(e -> EgressCall.get(e, "/reports/x", "day=1"))
                        .to("direct:test-egress");
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:caller", null);
        }
        List<Path> letters;
        try (Stream<Path> files = Files.walk(dir)) {
            letters = files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith(".")).toList();
        }
        assertEquals(1, letters.size());
        JsonNode letter = Json.MAPPER.readTree(letters.get(0).toFile());
        assertEquals("GET " + base + "/reports/x?day=1", letter.path("request").asText());
        assertEquals(2, letter.path("attempts").asInt(), "a refused connection is retried");
        assertTrue(letter.path("reason").asText().contains("refused"), letter.toString());
    }
}
