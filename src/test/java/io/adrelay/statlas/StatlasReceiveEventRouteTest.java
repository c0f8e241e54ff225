package io.adrelay.statlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.WebhookIntakeTemplate;
import io.adrelay.common.storage.documents.FileDocumentStore;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * The Statlas flow's content-based router (route statlas-receive-event-route of routes/statlas-receive-event.camel.yaml)
 * as operators ship it, a stored event sent to it directly and the batch fetch woven to a mock: each event type goes
 * to its branch, and a revision request marks the ad and writes its notice as a step of its own.
 */
class StatlasReceiveEventRouteTest extends CamelTestSupport {

    @TempDir
    Path data;

    StatlasBatchRegistry registry;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        registry = new StatlasBatchRegistry(new FileDocumentStore(data.resolve("state")));
        context.getRegistry().bind("statlasEventInbox", new StatlasEventInbox(null, new FileIntakeStore(data.resolve("state/statlas/events")), registry));
        context.getRegistry().bind("statlasBatches", new StatlasBatches(registry));
        context.getRegistry().bind("statlasRevisionNotices", new StatlasRevisionNotices(data.resolve("outbox/statlas/revisions")));
        // the route names its error handling by id; here a failure is the test's failure
        RouteConfigurationDefinition httpApi = new RouteConfigurationDefinition();
        httpApi.setId("http-api");
        ((ModelCamelContext) context).addRouteConfiguration(httpApi);
        // the file's webhook intake is made from its template, then left out with the REST verb: only the router is tested
        context.addRoutes(new WebhookIntakeTemplate());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/statlas-receive-event.camel.yaml"));
        ModelCamelContext model = (ModelCamelContext) context;
        List<RouteDefinition> others = model.getRouteDefinitions().stream()
                .filter(r -> !"statlas-receive-event-route".equals(r.getRouteId())).toList();
        model.removeRouteDefinitions(others);
        model.getRestDefinitions().clear();
        return context;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    void advise() throws Exception {
        AdviceWith.adviceWith(context, "statlas-receive-event-route", a -> {
            a.replaceFromWith("direct:event");
            a.weaveByToUri("direct:statlas-fetch-batch").replace().to("mock:fetch-batch");
            a.weaveByToString("Bean\\[ref:statlasRevisionNotices method:write.*").after().to("mock:notice-written");
        });
        context.start();
        // a fetch registers the batch, as statlas-fetch-batch does
        getMockEndpoint("mock:fetch-batch").whenAnyExchangeReceived(e -> registry.record(Json.MAPPER.createObjectNode()
                .put("id", e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class)).put("shop", "shop1").put("status", "in_production")));
    }

    @Test
    void eachEventTypeGoesToItsBranch() throws Exception {
        advise();
        MockEndpoint fetch = getMockEndpoint("mock:fetch-batch");
        fetch.expectedHeaderValuesReceivedInAnyOrder(StatlasHeaders.BATCH_ID, "B1", "B2");
        fetch.expectedHeaderValuesReceivedInAnyOrder(StatlasHeaders.SHOP, "shop1", "shop2");
        getMockEndpoint("mock:notice-written").expectedMessageCount(0);

        event("batch.created", "B1", "shop1", null);
        event("batch.updated", "B2", "shop2", null);
        // kept, not acted on
        event("batch.cancelled", "B3", "shop3", null);

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(2, fetch.getReceivedCounter());
        assertFalse(Files.exists(data.resolve("outbox/statlas/revisions")));
    }

    @Test
    void aRevisionRequestMarksTheAdThenWritesItsNotice() throws Exception {
        advise();
        registry.record(Json.MAPPER.createObjectNode().put("id", "B1").put("shop", "shop1").put("status", "in_review"));
        MockEndpoint fetch = getMockEndpoint("mock:fetch-batch");
        // a batch adrelay never heard of is fetched first, the event staying the body
        fetch.expectedHeaderValuesReceivedInAnyOrder(StatlasHeaders.BATCH_ID, "B9");
        MockEndpoint notice = getMockEndpoint("mock:notice-written");
        notice.expectedMessageCount(2);

        event("revision.requested", "B1", "shop1", 2);
        event("revision.requested", "B9", "shop1", 1);

        MockEndpoint.assertIsSatisfied(context);
        StatlasBatchEntry.AdNote note = registry.find("B1").orElseThrow().note(2);
        assertTrue(note.revisionRequested());
        assertEquals("Brighter, please", note.feedbackSummary());
        assertTrue(registry.find("B9").orElseThrow().note(1).revisionRequested());
        List<Path> notices;
        try (Stream<Path> files = Files.list(data.resolve("outbox/statlas/revisions"))) {
            notices = files.sorted().toList();
        }
        assertEquals(2, notices.size());
        assertTrue(notices.get(0).getFileName().toString().matches("B1-ad2-\\d+\\.json"), notices.toString());
        JsonNode written = Json.MAPPER.readTree(notices.get(0).toFile());
        assertEquals("Brighter, please", written.path("feedback_summary").asText());
        assertEquals("https://statlas.example/r/B1/2", written.path("revision_url").asText());
        assertFalse(written.path("received_at").asText().isEmpty());
        assertEquals(written, Json.MAPPER.readTree(notice.getReceivedExchanges().get(0).getIn().getBody(String.class)),
                "the file holds the notice the step was given");
        assertNull(notice.getReceivedExchanges().get(0).getException());
    }

    /** A stored event file, as the webhook intake writes it to state/statlas/events/. */
    private void event(String name, String batchId, String shop, Integer adNo) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("batch_id", batchId).put("shop", shop);
        if (adNo != null) {
            data.put("ad_no", adNo).put("feedback_summary", "Brighter, please")
                    .put("revision_url", "https://statlas.example/r/" + batchId + "/" + adNo);
        }
        ObjectNode stored = Json.MAPPER.createObjectNode().put("tracking_id", "t-" + name).put("received_at", "2026-01-01T00:00:00Z");
        stored.putObject("event").put("event", name).set("data", data);
        template.sendBody("direct:event", stored.toString().getBytes());
    }
}
