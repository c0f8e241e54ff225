package io.adrelay.apisync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.EgressRoute;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.RateBudget;
import io.adrelay.common.RequestRejectedException;
import io.adrelay.common.Settings;
import io.adrelay.common.WebhookAuthenticator;
import io.adrelay.common.WebhookResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * APISync: inbound records (webhooks and files, triggered from routes/apisync-receive-record.camel.yaml)
 * are validated, stored, then synced one by one through the egress routes; each request's
 * outcome lands in outbox/apisync/results/&lt;tracking-id&gt;.json.
 */
public class ApisyncRoutes extends RouteBuilder {

    static final String TRACKING_ID = "AdrelayTrackingId";
    private static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final String RESULTS = "adrelay.apisync.results";

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        ApisyncRequests requests = new ApisyncRequests(data);
        ApisyncClient client = new ApisyncClient(getContext().createProducerTemplate());
        ApisyncRecordSync sync = new ApisyncRecordSync(client, new ApisyncReferences(data.state("apisync").resolve("references")));
        int maxBytes = settings.getInt("adrelay.webhook.max-bytes", 1_048_576);

        from("direct:apisync-receive-webhook").routeId("apisync-receive-webhook").routeConfigurationId("webhook")
                .process(e -> {
                    ApisyncResource resource = ApisyncResource.byPath(e.getIn().getHeader("resource", String.class))
                            .orElseThrow(() -> new RequestRejectedException(404, "unknown resource; use inventory-items, campaigns, ad-sets or ads"));
                    byte[] body = e.getIn().getBody(byte[].class);
                    body = body == null ? new byte[0] : body;
                    if (body.length > maxBytes) {
                        throw new RequestRejectedException(413, "body is larger than " + maxBytes + " bytes");
                    }
                    authenticate(settings, e, body);
                    List<JsonNode> records;
                    try {
                        records = ApisyncInbound.records(body);
                    } catch (Exception malformed) {
                        throw new RequestRejectedException(400, "malformed JSON: " + malformed.getMessage());
                    }
                    List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
                    if (!invalid.isEmpty()) {
                        throw new RequestRejectedException(422, invalid.size() + " invalid record(s); nothing was sent", invalid);
                    }
                    WebhookResponses.accepted(e, requests.accept(resource, records, "webhook"));
                });

        from("direct:apisync-get-request").routeId("apisync-get-request").routeConfigurationId("webhook")
                .process(e -> {
                    authenticate(settings, e, new byte[0]);
                    String id = e.getIn().getHeader("trackingId", String.class);
                    ObjectNode outcome = requests.outcome(id)
                            .orElseThrow(() -> new RequestRejectedException(404, "no request " + id));
                    WebhookResponses.reply(e, "pending".equals(outcome.path("status").asText()) ? 202 : 200, outcome);
                });

        from("direct:apisync-receive-file").routeId("apisync-receive-file").routeConfigurationId("file-drop")
                .process(e -> {
                    ApisyncResource resource = ApisyncResource.byType(e.getIn().getHeader(ApisyncRecordSync.RESOURCE, String.class));
                    String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                    byte[] body = e.getIn().getBody(byte[].class);
                    List<JsonNode> records;
                    if (name.toLowerCase().endsWith(".csv")) {
                        records = ApisyncCsv.inventoryItems(new String(body, StandardCharsets.UTF_8));
                    } else {
                        try {
                            records = ApisyncInbound.records(body);
                        } catch (Exception malformed) {
                            throw new InvalidInputException("not a JSON record or array: " + malformed.getMessage());
                        }
                    }
                    List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
                    if (!invalid.isEmpty()) {
                        throw new InvalidInputException(invalid.size() + " invalid record(s) in " + name + "; nothing was sent",
                                ApisyncInbound.lines(invalid));
                    }
                    String trackingId = requests.accept(resource, records, "file:" + name);
                    log.info("APISync {}: {} record(s) from {} queued as {}", resource.path, records.size(), name, trackingId);
                });

        // stored requests, synced record by record; a record that fails is dead-lettered, the others go on
        fromF("file:%s?move=.done&moveFailed=.error&sortBy=file:modified", requests.pendingDir())
                .routeId("apisync-sync-request").routeConfigurationId("file-drop")
                .process(e -> {
                    JsonNode request = ApisyncMapper.JSON.readTree(e.getIn().getBody(byte[].class));
                    e.getIn().setHeader(TRACKING_ID, request.path("tracking_id").asText());
                    e.getIn().setHeader(ApisyncRecordSync.RESOURCE, request.path("resource").asText());
                    e.setProperty(RESULTS, new ConcurrentSkipListMap<Integer, ObjectNode>());
                    List<String> records = new ArrayList<>();
                    request.path("records").forEach(r -> records.add(r.toString()));
                    e.getIn().setBody(records);
                })
                .split(body())
                    .setHeader(ApisyncRecordSync.INDEX, exchangeProperty(Exchange.SPLIT_INDEX))
                    .to("direct:apisync-sync-record")
                .end()
                .process(e -> {
                    ArrayNode outcomes = ApisyncMapper.JSON.createArrayNode();
                    outcomes.addAll(results(e).values());
                    requests.writeResults(e.getIn().getHeader(TRACKING_ID, String.class),
                            e.getIn().getHeader(ApisyncRecordSync.RESOURCE, String.class), outcomes);
                });

        // one record; also where a dead letter is replayed to, so its outcome replaces the failed one
        Processor failed = e -> recordOutcome(e, requests, failure(e));
        from("direct:apisync-sync-record").routeId("apisync-sync-record").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("apisync"))
                .setProperty(Flow.REPLAY_URI, constant("direct:apisync-sync-record"))
                .setProperty(Flow.REPLAY_BODY, body())
                .setProperty(Flow.ON_DEAD_LETTER, constant(failed))
                .process(sync)
                .process(e -> recordOutcome(e, requests, e.getProperty(ApisyncRecordSync.OUTCOME, ObjectNode.class)));

        egress("read", RateBudget.of(settings, "apisync.read", 10, 1000), settings);
        egress("write", RateBudget.of(settings, "apisync.write", 5, 1000), settings);
    }

    /** The only ways to APISync, one per method class: its throttle, its auth, its media type. */
    private void egress(String methodClass, RateBudget budget, Settings settings) {
        RouteDefinition route = EgressRoute.from(this, "apisync-egress-" + methodClass, budget)
                .setHeader("Authorization", constant("ApiToken " + settings.get("apisync.api-token")))
                .setHeader("Accept", constant(MEDIA_TYPE))
                .setHeader(Exchange.CONTENT_TYPE, constant(MEDIA_TYPE));
        EgressRoute.call(route, "apisync", settings.get("apisync.base-url"));
    }

    /** Into the request's results being gathered, or (a replay) into its results file. */
    private static void recordOutcome(Exchange e, ApisyncRequests requests, ObjectNode outcome) {
        Map<Integer, ObjectNode> batch = results(e);
        int index = e.getIn().getHeader(ApisyncRecordSync.INDEX, 0, Integer.class);
        if (batch != null) {
            batch.put(index, outcome);
        } else {
            requests.updateResult(e.getIn().getHeader(TRACKING_ID, String.class), index, outcome);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, ObjectNode> results(Exchange e) {
        return e.getProperty(RESULTS, Map.class);
    }

    /** A failed record: APISync's error (or ours) and the dead letter to replay once fixed. */
    private static ObjectNode failure(Exchange e) {
        ObjectNode failed = ApisyncMapper.JSON.createObjectNode();
        failed.put("index", e.getIn().getHeader(ApisyncRecordSync.INDEX, 0, Integer.class));
        failed.put("outcome", "failed");
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed.putArray("errors").add(cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        failed.put("dead_letter", e.getProperty(Flow.DEAD_LETTER_ID, String.class));
        return failed;
    }

    private static void authenticate(Settings settings, Exchange e, byte[] body) {
        WebhookAuthenticator.verify(settings.get("apisync.webhook-secret"),
                e.getIn().getHeader(WebhookAuthenticator.TOKEN_HEADER, String.class),
                e.getIn().getHeader(WebhookAuthenticator.TOKEN_QUERY, String.class),
                e.getIn().getHeader(WebhookAuthenticator.SIGNATURE_HEADER, String.class), body);
    }
}
