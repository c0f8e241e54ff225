package io.adrelay.apisync;

import io.adrelay.common.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.DiskSpace;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.JsonBody;
import io.adrelay.common.RequestRejectedException;
import io.adrelay.common.Settings;
import io.adrelay.common.StorageException;
import io.adrelay.common.WebhookIntake;
import io.adrelay.common.WebhookResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APISync: inbound records (webhooks and files, triggered from routes/apisync-receive-record.camel.yaml)
 * are validated and stored, then synced record by record, the requests taking turns
 * ({@link ApisyncDrain}); each request's outcome lands in outbox/apisync/results/&lt;tracking-id&gt;.json.
 */
public class ApisyncRoutes extends RouteBuilder {

    static final String TRACKING_ID = "AdrelayTrackingId";
    private static final Logger LOG = LoggerFactory.getLogger(ApisyncRoutes.class);

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        JsonBody json = getContext().getRegistry().findSingleByType(JsonBody.class);
        ApisyncRequests requests = new ApisyncRequests(data);
        DiskSpace disk = getContext().getRegistry().findSingleByType(DiskSpace.class);
        ApisyncDrain drain = new ApisyncDrain(requests, disk);
        ApisyncClient client = new ApisyncClient(getContext().createProducerTemplate());
        ApisyncRecordSync sync = new ApisyncRecordSync(client, new ApisyncReferences(data.state("apisync").resolve("references")));
        WebhookIntake intake = WebhookIntake.of(getContext(), "apisync", requests.pendingDir());
        int maxRecords = settings.getInt("adrelay.webhook.max-records", 1000);
        long maxFileBytes = settings.getLong("adrelay.inbox.apisync.max-bytes", 16L << 20);
        int fileMaxRecords = settings.getInt("adrelay.inbox.apisync.max-records", 100_000);

        from("direct:apisync-receive-webhook").routeId("apisync-receive-webhook").routeConfigurationId("webhook")
                .process(e -> {
                    ApisyncResource resource = ApisyncResource.byPath(e.getIn().getHeader("resource", String.class))
                            .orElseThrow(() -> new RequestRejectedException(404, "unknown resource; use inventory-items, campaigns, ad-sets or ads"));
                    List<JsonNode> records = records(intake.receive(e), maxRecords,
                            problem -> new RequestRejectedException(problem.startsWith("too many") ? 413 : 400, problem));
                    List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
                    if (!invalid.isEmpty()) {
                        throw intake.invalid(invalid.size() + " invalid record(s); nothing was sent", invalid);
                    }
                    String trackingId = requests.accept(resource, records, "webhook");
                    drain.add(trackingId);
                    log.info("APISync {}: {} record(s) accepted by webhook as {}", resource.path, records.size(), trackingId);
                    WebhookResponses.accepted(e, trackingId);
                });

        from("direct:apisync-get-request").routeId("apisync-get-request").routeConfigurationId("webhook")
                .process(e -> {
                    intake.authenticate(e, new byte[0]);
                    String id = e.getIn().getHeader("trackingId", String.class);
                    ObjectNode outcome = requests.outcome(id)
                            .orElseThrow(() -> new RequestRejectedException(404, "no request " + id));
                    int[] progress = drain.progressOf(id);
                    if (progress != null) {
                        outcome.put("records_done", progress[0]).put("records_total", progress[1]);
                    }
                    WebhookResponses.reply(e, "pending".equals(outcome.path("status").asText()) ? 202 : 200, outcome);
                });

        // a dropped file: size checked before it is read; its records stored as requests of at most adrelay.webhook.max-records
        from("direct:apisync-receive-file").routeId("apisync-receive-file").routeConfigurationId("file-drop")
                .process(e -> {
                    ApisyncResource resource = ApisyncResource.byType(e.getIn().getHeader(ApisyncRecordSync.RESOURCE, String.class));
                    String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                    long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
                    if (length > maxFileBytes) {
                        throw new InvalidInputException(name + " has " + length + " bytes, more than adrelay.inbox.apisync.max-bytes ("
                                + maxFileBytes + "); split it into smaller files");
                    }
                    byte[] body = e.getIn().getBody(byte[].class);
                    List<JsonNode> records;
                    if (name.toLowerCase().endsWith(".csv")) {
                        records = ApisyncCsv.inventoryItems(utf8(name, body));
                        if (records.size() > fileMaxRecords) {
                            throw new InvalidInputException(name + " holds more than " + fileMaxRecords + " records (adrelay.inbox.apisync.max-records)");
                        }
                    } else {
                        try {
                            records = records(json.parse(body), fileMaxRecords, InvalidInputException::new);
                        } catch (JsonBody.MalformedException malformed) {
                            throw new InvalidInputException("not a JSON record or array: " + malformed.getMessage());
                        }
                    }
                    List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
                    if (!invalid.isEmpty()) {
                        throw new InvalidInputException(invalid.size() + " invalid record(s) in " + name + "; nothing was sent",
                                ApisyncInbound.lines(invalid));
                    }
                    List<String> ids = requests.acceptFile(resource, records, "file:" + name,
                            e.getIn().getHeader(Exchange.FILE_PATH, String.class) + "|" + length + "|"
                                    + e.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, 0L, Long.class),
                            e.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, System.currentTimeMillis(), Long.class), maxRecords);
                    ids.forEach(drain::add);
                    log.info("APISync {}: {} record(s) from {} queued as {}", resource.path, records.size(), name, ids);
                });

        // stored requests take turns: each round syncs the next record of every pending request
        fromF("timer:apisync-drain?delay=500&period=%d", settings.getLong("apisync.drain.period-ms", 250))
                .routeId("apisync-drain-requests")
                .bean(drain, "nextRound(" + settings.getInt("apisync.drain.round-size", 20) + ")")
                .split(body())
                    .bean(drain, "prepare")
                    .doTry()
                        .to("direct:apisync-sync-record")
                    // an outcome that could not be saved: its record stays queued for a later round
                    .doCatch(StorageException.class)
                        .process(e -> StorageException.logWait(log, "APISync sync", e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                    .end()
                .end();

        // one record; also where a dead letter is replayed to, so its outcome replaces the failed one
        Processor failed = e -> recordOutcome(e, drain, failure(e));
        from("direct:apisync-sync-record").routeId("apisync-sync-record").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("apisync"))
                .setProperty(Flow.REPLAY_URI, constant("direct:apisync-sync-record"))
                .setProperty(Flow.REPLAY_BODY, body())
                .setProperty(Flow.ON_DEAD_LETTER, constant(failed))
                .process(sync)
                .process(e -> recordOutcome(e, drain, e.getProperty(ApisyncRecordSync.OUTCOME, ObjectNode.class)));

    }

    /** A dropped CSV as text: UTF-8 only, refused (not read with replacement characters) when it is anything else. */
    private static String utf8(String name, byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new InvalidInputException(name + " is not valid UTF-8; save the CSV as UTF-8 and drop it again");
        }
    }

    /** The records of a body: one object or an array of them, at most {@code max}. */
    private static List<JsonNode> records(JsonNode root, int max, java.util.function.Function<String, RuntimeException> refuse) {
        if (root.isArray() && root.size() > max) {
            throw refuse.apply("too many records: " + root.size() + ", at most " + max + " per body");
        }
        try {
            return ApisyncInbound.records(root);
        } catch (IllegalArgumentException notRecords) {
            throw refuse.apply("malformed JSON: " + notRecords.getMessage());
        }
    }

    private static void recordOutcome(Exchange e, ApisyncDrain drain, ObjectNode outcome) throws Exception {
        String trackingId = e.getIn().getHeader(TRACKING_ID, String.class);
        int index = e.getIn().getHeader(ApisyncRecordSync.INDEX, 0, Integer.class);
        drain.recorded(trackingId, index, outcome);
        // one line per record: what an operator looks for when a partner asks what became of it
        String resource = e.getIn().getHeader(ApisyncRecordSync.RESOURCE, String.class);
        if ("failed".equals(outcome.path("outcome").asText())) {
            LOG.warn("APISync {} record {} of {} failed: {} (dead letter {})", resource, index, trackingId,
                    outcome.path("errors").path(0).asText(), outcome.path("dead_letter").asText());
        } else {
            LOG.info("APISync {} {} {}: id {} (record {} of {})", resource, outcome.path("reference_id").asText("-"),
                    outcome.path("outcome").asText(), outcome.path("id").asText(), index, trackingId);
        }
    }

    /** A failed record: APISync's error (or ours) and the dead letter to replay once fixed. */
    private static ObjectNode failure(Exchange e) {
        ObjectNode failed = Json.MAPPER.createObjectNode();
        failed.put("index", e.getIn().getHeader(ApisyncRecordSync.INDEX, 0, Integer.class));
        failed.put("outcome", "failed");
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed.putArray("errors").add(cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        failed.put("dead_letter", e.getProperty(Flow.DEAD_LETTER_ID, String.class));
        return failed;
    }
}
