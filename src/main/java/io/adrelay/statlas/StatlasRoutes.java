package io.adrelay.statlas;

import io.adrelay.common.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.EgressCall;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Settings;
import io.adrelay.common.TrackingIds;
import io.adrelay.common.WebhookIntake;
import io.adrelay.common.WebhookResponses;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * Statlas: webhooks stored then routed by event, reconciliation of batches whose webhook never came,
 * direct asset uploads, and the three egress routes that hold Statlas's rate limits.
 */
public class StatlasRoutes extends RouteBuilder {

    static final String BATCH_ID = "AdrelayBatchId";
    static final String SHOP = "AdrelayShop";

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        StatlasBatchRegistry registry = new StatlasBatchRegistry(data.state("statlas").resolve("batches"));
        Path events = data.state("statlas").resolve("events");
        ProducerTemplate template = getContext().createProducerTemplate();

        // accepted once stored: a crash after the 202 loses nothing, the event file is still there
        WebhookIntake intake = WebhookIntake.of(getContext(), "statlas", events);
        from("direct:statlas-receive-webhook").routeId("statlas-receive-webhook").routeConfigurationId("webhook")
                .process(e -> {
                    JsonNode event = intake.receive(e);
                    List<String> problems = StatlasEvents.problems(event);
                    if (!problems.isEmpty()) {
                        throw intake.invalid("invalid event", problems);
                    }
                    String trackingId = TrackingIds.next();
                    ObjectNode stored = Json.MAPPER.createObjectNode();
                    stored.put("tracking_id", trackingId).put("received_at", Instant.now().toString()).set("event", event);
                    DataDirectory.writeAtomically(events.resolve(trackingId + ".json"), stored.toString().getBytes(StandardCharsets.UTF_8));
                    log.info("Statlas {} for batch {} accepted as {}", event.path("event").asText(),
                            event.path("data").path("batch_id").asText(), trackingId);
                    WebhookResponses.accepted(e, trackingId);
                });

        // stored events, by event: the content-based router of the Statlas flow
        fromF("file:%s?move=.done&sortBy=file:name&maxMessagesPerPoll=200&eagerMaxMessagesPerPoll=false", events)
                .routeId("statlas-route-event").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("statlas"))
                .process(e -> {
                    JsonNode event = Json.MAPPER.readTree(e.getIn().getBody(byte[].class)).path("event");
                    e.getIn().setHeader("AdrelayEvent", event.path("event").asText());
                    e.getIn().setHeader(BATCH_ID, event.path("data").path("batch_id").asText(null));
                    e.getIn().setHeader(SHOP, event.path("data").path("shop").asText(null));
                    e.getIn().setBody(event.path("data").toString());
                })
                .choice()
                    .when(header("AdrelayEvent").in(StatlasEvents.BATCH_CREATED, StatlasEvents.BATCH_UPDATED))
                        .to("direct:statlas-fetch-batch")
                    .when(header("AdrelayEvent").isEqualTo(StatlasEvents.REVISION_REQUESTED))
                        .process(e -> revisionRequested(e, registry, data))
                    .otherwise()
                        .log("Statlas event ${header.AdrelayEvent} is not one adrelay acts on; kept in ${header.CamelFileParent}/.done")
                .end();

        // GET /batches/{id}?shop=... into the registry
        from("direct:statlas-fetch-batch").routeId("statlas-fetch-batch").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("statlas"))
                .setProperty(Flow.REPLAY_URI, constant("direct:statlas-fetch-batch"))
                .process(e -> {
                    String id = e.getIn().getHeader(BATCH_ID, String.class);
                    JsonNode batch = EgressCall.json(EgressCall.send(template, "direct:statlas-egress-get", "GET", "/batches/" + id,
                            "shop=" + e.getIn().getHeader(SHOP, String.class), null));
                    boolean isNew = registry.record(batch);
                    log.info("Statlas batch {} ({}, {} ads, go-live {}) {}", id, batch.path("batch_code").asText(),
                            batch.path("total_ads").asInt(), batch.path("go_live_date").asText(), isNew ? "registered" : "refreshed");
                })
                .to("direct:statlas-prepare-folders");

        // batches whose webhook never arrived: page through the open ones and fetch the unknown
        from("direct:statlas-reconcile-batches").routeId("statlas-reconcile-batches-core").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("statlas"))
                .process(e -> {
                    int found = 0;
                    ReconcileProgress progress = new ReconcileProgress(List.of("submitted", "in_production"), 100);
                    for (String status : List.of("submitted", "in_production")) {
                        int offset = 0;
                        while (true) {
                            JsonNode page = EgressCall.json(EgressCall.send(template, "direct:statlas-egress-get", "GET", "/batches",
                                    "status=" + status + "&limit=100&offset=" + offset, null));
                            progress.paged(status, page.path("pagination").path("total").asInt());
                            for (JsonNode b : page.path("data")) {
                                if (registry.find(b.path("id").asText()).isEmpty()) {
                                    found++;
                                    template.send("direct:statlas-fetch-batch", x -> {
                                        x.getIn().setHeader(BATCH_ID, b.path("id").asText());
                                        x.getIn().setHeader(SHOP, b.path("shop").asText());
                                    });
                                }
                            }
                            offset += page.path("data").size();
                            if (page.path("data").isEmpty() || offset >= page.path("pagination").path("total").asInt()) {
                                break;
                            }
                        }
                    }
                    e.setProperty(Flow.OUTCOME, found + " batch(es) picked up");
                });

        long maxUploadBytes = settings.getLong("adrelay.inbox.statlas.max-bytes", 1L << 30);
        // inbox/statlas/<batch_id>/<ad_no>/<file> -> POST /batches/{batch_id}/ads/{ad_no}/assets
        from("direct:statlas-upload-asset").routeId("statlas-upload-asset-core").routeConfigurationId("file-drop")
                .setProperty(Flow.API, constant("statlas"))
                .process(e -> {
                    String[] path = e.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/').split("/");
                    if (path.length != 3 || !path[1].matches("\\d+")) {
                        throw new InvalidInputException("drop files as inbox/statlas/<batch_id>/<ad_no>/<file>, not " + String.join("/", path));
                    }
                    long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
                    if (length > maxUploadBytes) {
                        throw new InvalidInputException(path[2] + " has " + length + " bytes, more than adrelay.inbox.statlas.max-bytes ("
                                + maxUploadBytes + ")");
                    }
                    String shop = registry.shop(path[0]).orElseThrow(() ->
                            new InvalidInputException("batch " + path[0] + " is unknown to adrelay: wait for its batch.created or reconciliation"));
                    // streamed from the file: an asset is never held in memory whole
                    Object entity = MultipartEntityBuilder.create()
                            .addBinaryBody("file", e.getIn().getBody(File.class), ContentType.DEFAULT_BINARY, path[2])
                            .addTextBody("shop", shop).addTextBody("name", path[2]).build();
                    JsonNode answer = EgressCall.json(EgressCall.send(template, "direct:statlas-egress-upload", "POST",
                            "/batches/" + path[0] + "/ads/" + path[1] + "/assets", null, entity));
                    log.info("Statlas asset {} uploaded to {} ad {}: {}", path[2], path[0], path[1], answer.path("asset").path("url").asText());
                });

    }

    /** Mark the ad for redelivery, keep the feedback, and tell someone: a log line and outbox/statlas/revisions/. */
    private void revisionRequested(Exchange e, StatlasBatchRegistry registry, DataDirectory data) throws Exception {
        JsonNode event = Json.MAPPER.readTree(e.getIn().getBody(String.class));
        String batchId = event.path("batch_id").asText();
        int adNo = event.path("ad_no").asInt();
        if (registry.find(batchId).isEmpty()) {
            // never heard of it: learn the batch first, so the revision has something to attach to
            getContext().createFluentProducerTemplate().to("direct:statlas-fetch-batch")
                    .withHeader(BATCH_ID, batchId).withHeader(SHOP, event.path("shop").asText()).send();
        }
        registry.markRevision(batchId, adNo, event.path("feedback_summary").asText(null), event.path("revision_url").asText(null));
        ObjectNode notice = ((ObjectNode) event).deepCopy().put("received_at", Instant.now().toString());
        DataDirectory.writeObject(data.outbox("statlas").resolve("revisions")
                .resolve(batchId + "-ad" + adNo + "-" + System.currentTimeMillis() + ".json"), notice);
        log.warn("Statlas revision requested: batch {} ad {}: \"{}\" ({})", batchId, adNo,
                event.path("feedback_summary").asText(), event.path("revision_url").asText());
    }
}
