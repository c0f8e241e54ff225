package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.DelayDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.routes.RefusedFiles;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.FileDocumentStore;

/**
 * The upload flow as routes/snap-upload-feed.camel.yaml wires it: Snap's egress answered by a mock,
 * the waits woven to a mock (AdviceWith) so each turn of the loop is seen with the wait it would take.
 */
class SnapUploadFeedRouteTest {

    private static final String SHA = "5a1ad0c0ffee";

    @TempDir
    Path dir;
    final DefaultCamelContext context = new DefaultCamelContext();
    /** What Snap says of upload up-1 at each look, in order. */
    final Deque<String> statuses = new ArrayDeque<>();
    DataDirectory data;
    FileDocumentStore documents;

    @BeforeEach
    void start() throws Exception {
        data = new DataDirectory(dir.resolve("data"));
        documents = new FileDocumentStore(data.root().resolve("state"));
        Path declaration = dir.resolve("snap-catalogs.yaml");
        Files.writeString(declaration, """
                catalogs:
                  - key: shop
                    organization_id: 0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e
                    name: Shop
                    feeds: [{key: demo, name: Demo, default_currency: USD}]
                """);
        DataDirectory.writeObject(data.state("snap").resolve("catalogs.json"),
                Json.MAPPER.readTree("{\"feeds\": {\"demo\": {\"id\": \"feed-1\", \"catalog_id\": \"cat-1\"}}}"));
        Files.createDirectories(data.root().resolve("feeds"));
        Files.writeString(data.root().resolve("feeds/demo.csv"), "id\n1\n");
        SnapStateFiles.write(documents.document("snap/feeds/demo"),
                new SnapPublishedFeed("demo", "demo.csv", "2026-01-01T00:00:00Z", SHA, 1, 1, 0, java.util.Map.of(), "r"));

        SnapCatalogs catalogs = new SnapCatalogs(declaration, ResourceHelper.resolveResource(context, "file:" + declaration), new SnapCatalogState(documents.document("snap/catalogs")),
                new RefusedFiles("declarations", "refused declaration(s)"));
        context.getRegistry().bind("snapFeedUploads", new SnapFeedUploads(catalogs, data, documents,
                new SnapFeedUploads.Settings("http://adrelay.test", "", "", 10, 1000, 60_000), context));
        // lambdas, not RouteBuilder classes: the application's package scan would take those for its own routes
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:snap-egress-call").routeId("test-snap-egress").to("mock:snap"));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/snap-upload-feed.camel.yaml"));
        AdviceWith.adviceWith(context, "snap-upload-feed", false, a -> a.weaveByType(DelayDefinition.class).replace().to("mock:wait"));
        context.getEndpoint("mock:snap", MockEndpoint.class).whenAnyExchangeReceived(this::answerAsSnap);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aChangedFeedIsUploadedAndFollowedWithGrowingWaitsToComplete() throws Exception {
        statuses.addAll(List.of("PROCESSING", "PROCESSING", "COMPLETE"));
        Exchange done = fire();

        assertEquals(List.of(10L, 20L, 40L), waits(), "each look at a running upload waits twice as long");
        assertTrue(done.getProperty(Flow.OUTCOME, String.class).startsWith("COMPLETE: 3 items"), done.getProperty(Flow.OUTCOME, String.class));
        JsonNode memory = SnapTestRuntime.state(data.root(), "uploads/demo.json");
        assertEquals(SHA, memory.path("last_uploaded_sha256").asText(), "COMPLETE: the file Snap holds is remembered");
        assertEquals("COMPLETE", memory.path("last_status").asText());
        assertFalse(memory.has("pending"), memory.toString());
        JsonNode report = Json.MAPPER.readTree(data.outbox("snap").resolve("feed-uploads/up-1.json").toFile());
        assertEquals("COMPLETE", report.path("status").asText());
        assertEquals(SHA, report.path("published_sha256").asText());

        // the same file at the next firing: nothing asked of Snap
        MockEndpoint snap = context.getEndpoint("mock:snap", MockEndpoint.class);
        int calls = snap.getReceivedCounter();
        assertTrue(fire().getProperty(Flow.OUTCOME, String.class).startsWith("skipped: feed demo unchanged since upload up-1"));
        assertEquals(calls, snap.getReceivedCounter());
    }

    @Test
    void anErroredUploadLeavesTheFileToBeOfferedAgain() throws Exception {
        statuses.add("ERRORED");
        Exchange done = fire();

        assertEquals(List.of(10L), waits());
        assertTrue(done.getProperty(Flow.OUTCOME, String.class).startsWith("ERRORED"), done.getProperty(Flow.OUTCOME, String.class));
        JsonNode memory = SnapTestRuntime.state(data.root(), "uploads/demo.json");
        assertEquals("ERRORED", memory.path("last_status").asText());
        assertFalse(memory.has("last_uploaded_sha256"), "an ERRORED upload changed nothing at Snap: " + memory);

        statuses.add("COMPLETE");
        assertTrue(fire().getProperty(Flow.OUTCOME, String.class).startsWith("COMPLETE"), "offered again at the next firing");
    }

    private Exchange fire() {
        Exchange done = context.createProducerTemplate().send("direct:snap-upload-feed",
                e -> e.getIn().setHeader(SnapNames.FEED, "demo"));
        if (done.getException() != null) {
            throw new AssertionError(done.getException());
        }
        return done;
    }

    private List<Long> waits() {
        return context.getEndpoint("mock:wait", MockEndpoint.class).getReceivedExchanges().stream()
                .map(e -> e.getProperty(SnapNames.POLL_DELAY, Long.class)).toList();
    }

    /** Snap's answers to the calls the flow makes, as its Marketing API shapes them. */
    private void answerAsSnap(Exchange e) {
        String call = e.getIn().getHeader(Exchange.HTTP_METHOD) + " " + e.getIn().getHeader(Exchange.HTTP_PATH);
        String answer = switch (call) {
            case "GET /product_feeds/feed-1" -> "{\"product_feeds\": [{\"product_feed\": {\"id\": \"feed-1\"}}]}";
            case "POST /product_feeds/feed-1/feed_uploads" -> "{\"feed_uploads\": [{\"sub_request_status\": \"SUCCESS\","
                    + " \"feed_upload\": {\"id\": \"up-1\", \"status\": \"INITIALIZED\"}}]}";
            case "GET /feed_uploads/up-1" -> "{\"feed_uploads\": [{\"feed_upload\": {\"id\": \"up-1\", \"status\": \"" + statuses.remove()
                    + "\", \"url\": \"http://adrelay.test/feeds/demo.csv\", \"summary\": {\"total_items\": 3, \"items_modified\": 3}}}]}";
            default -> throw new IllegalStateException("Snap was not asked " + call);
        };
        e.getMessage().setBody(answer);
    }
}
