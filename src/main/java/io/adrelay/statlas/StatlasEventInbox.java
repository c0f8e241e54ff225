package io.adrelay.statlas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * Statlas webhook events (bean statlasEventInbox): checked and stored before the 202 in the intake store
 * statlas/events (so a crash after it loses nothing: the event is still there), read back by the event router, and what a revision
 * request changes in the registry.
 */
public class StatlasEventInbox {

    private static final Logger LOG = LoggerFactory.getLogger(StatlasEventInbox.class);

    private final WebhookIntake intake;
    private final IntakeStore events;
    private final StatlasBatchRegistry registry;

    StatlasEventInbox(WebhookIntake intake, IntakeStore events, StatlasBatchRegistry registry) {
        this.intake = intake;
        this.events = events;
        this.registry = registry;
    }

    /** The webhook template's accept step: a valid event stored durably; answers its tracking id. */
    public String accept(JsonNode event) {
        List<String> problems = StatlasEvents.problems(event);
        if (!problems.isEmpty()) {
            throw intake.invalid("invalid event", problems);
        }
        String trackingId = TrackingIds.next();
        ObjectNode stored = Json.MAPPER.createObjectNode();
        stored.put("tracking_id", trackingId).put("received_at", Instant.now().toString()).set("event", event);
        events.add(trackingId, stored.toString().getBytes(StandardCharsets.UTF_8));
        LOG.info("Statlas {} for batch {} accepted as {}", event.path("event").asText(), event.path("data").path("batch_id").asText(),
                trackingId);
        return trackingId;
    }

    /** A stored event file as the router needs it: its name, batch and shop as headers, its data as the body. */
    public void open(Exchange e) throws IOException {
        JsonNode event = Json.MAPPER.readTree(e.getIn().getBody(byte[].class)).path("event");
        e.getIn().setHeader(StatlasHeaders.EVENT, event.path("event").asText());
        e.getIn().setHeader(StatlasHeaders.BATCH_ID, event.path("data").path("batch_id").asText(null));
        e.getIn().setHeader(StatlasHeaders.SHOP, event.path("data").path("shop").asText(null));
        e.getIn().setBody(event.path("data").toString());
    }

    /**
     * Marks the ad for redelivery and keeps the feedback in the registry, and tells someone: a log line, and the
     * notice (the event's data and when it came) as the body, which the route's next step writes to the outbox.
     */
    public void revisionRequested(Exchange e) throws IOException {
        JsonNode event = Json.MAPPER.readTree(e.getIn().getBody(String.class));
        String batchId = event.path("batch_id").asText();
        int adNo = event.path("ad_no").asInt();
        registry.markRevision(batchId, adNo, event.path("feedback_summary").asText(null), event.path("revision_url").asText(null));
        ObjectNode notice = ((ObjectNode) event).deepCopy().put("received_at", Instant.now().toString());
        e.getIn().setBody(notice.toString());
        LOG.warn("Statlas revision requested: batch {} ad {}: \"{}\" ({})", batchId, adNo,
                event.path("feedback_summary").asText(), event.path("revision_url").asText());
    }
}
