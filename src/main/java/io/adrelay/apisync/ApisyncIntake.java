package io.adrelay.apisync;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.InvalidInputException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.inbox.InboxEntries;
import io.adrelay.common.inbox.InboxWriters;
import io.adrelay.common.intake.JsonBody;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookIntake;

/**
 * Inbound records, by webhook (routes/apisync-receive-webhook.camel.yaml) or dropped in an inbox
 * (routes/apisync-receive-record.camel.yaml): checked whole, then stored as requests and queued for
 * the drain; nothing of a body or file with an invalid record is stored.
 */
final class ApisyncIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ApisyncIntake.class);

    private final ApisyncRequests requests;
    private final ApisyncDrain drain;
    private final WebhookIntake webhook;
    private final JsonBody json;
    private final int maxRecords;
    private final long maxFileBytes;
    private final int fileMaxRecords;
    /** A CSV field is bounded as a JSON string is (adrelay.webhook.max-string-chars). */
    private final int maxFieldChars;
    private final InboxWriters writers;

    ApisyncIntake(ApisyncRequests requests, ApisyncDrain drain, WebhookIntake webhook, JsonBody json, int maxRecords,
                  long maxFileBytes, int fileMaxRecords, int maxFieldChars, InboxWriters writers) {
        this.requests = requests;
        this.drain = drain;
        this.webhook = webhook;
        this.json = json;
        this.maxRecords = maxRecords;
        this.maxFileBytes = maxFileBytes;
        this.fileMaxRecords = fileMaxRecords;
        this.maxFieldChars = maxFieldChars;
        this.writers = writers;
    }

    /** A webhook's records (the body, parsed by the intake), for the resource of its path: stored; answers the tracking id. */
    public String acceptWebhook(Exchange e) {
        ApisyncResource resource = ApisyncResource.byPath(e.getIn().getHeader("resource", String.class))
                .orElseThrow(() -> new RequestRejectedException(404, "unknown resource; use inventory-items, campaigns, ad-sets or ads"));
        List<JsonNode> records = records(e.getIn().getBody(JsonNode.class), maxRecords,
                problem -> new RequestRejectedException(problem.startsWith("too many") ? 413 : 400, problem));
        List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
        if (!invalid.isEmpty()) {
            throw webhook.invalid(invalid.size() + " invalid record(s); nothing was sent", invalid);
        }
        String trackingId = requests.accept(resource, records, "webhook");
        drain.add(trackingId);
        LOG.info("APISync {}: {} record(s) accepted by webhook as {}", resource.path, records.size(), trackingId);
        return trackingId;
    }

    /**
     * A dropped file of the inbox's resource: size checked before it is read; its records stored as
     * requests of at most adrelay.webhook.max-records each. The file is read and checked here, and stored by
     * {@link InboxWriters} (the route goes on, and the file moves to .done/, once it is): the consumer takes the next
     * file meanwhile, and the stores of several files share the disk's journal commits.
     */
    public CompletableFuture<Void> acceptFile(Exchange e) {
        ApisyncResource resource = ApisyncResource.byType(e.getIn().getHeader(ApisyncNames.RESOURCE, String.class));
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxFileBytes) {
            throw new InvalidInputException(name + " has " + length + " bytes, more than adrelay.inbox.apisync.max-bytes ("
                    + maxFileBytes + "); split it into smaller files");
        }
        // read without following a link swapped in after the consumer's check, and never more than the bound
        // (a device says its size is 0)
        Path file = InboxEntries.path(e);
        byte[] body = file == null ? e.getIn().getBody(byte[].class)
                : InboxEntries.readAtMost(file, maxFileBytes, "adrelay.inbox.apisync.max-bytes (" + maxFileBytes + ")");
        List<JsonNode> records = fileRecords(name, body);
        List<Map<String, Object>> invalid = ApisyncInbound.problems(resource, records);
        if (!invalid.isEmpty()) {
            throw new InvalidInputException(invalid.size() + " invalid record(s) in " + name + "; nothing was sent",
                    ApisyncInbound.lines(invalid));
        }
        long modified = e.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, 0L, Long.class);
        String identity = e.getIn().getHeader(Exchange.FILE_PATH, String.class) + "|" + length + "|" + modified;
        return writers.write(() -> {
            // the ids begin with the file's time, not the store's: files stored side by side keep their order
            List<String> ids = requests.acceptFile(resource, records, "file:" + name, identity,
                    modified == 0 ? System.currentTimeMillis() : modified, maxRecords);
            ids.forEach(drain::add);
            LOG.info("APISync {}: {} record(s) from {} queued as {}", resource.path, records.size(), name, ids);
        });
    }

    private List<JsonNode> fileRecords(String name, byte[] body) {
        if (name.toLowerCase().endsWith(".csv")) {
            List<JsonNode> records = ApisyncCsv.inventoryItems(utf8(name, body), maxFieldChars);
            if (records.size() > fileMaxRecords) {
                throw new InvalidInputException(name + " holds more than " + fileMaxRecords + " records (adrelay.inbox.apisync.max-records)");
            }
            return records;
        }
        try {
            return records(json.parse(body), fileMaxRecords, InvalidInputException::new);
        } catch (JsonBody.MalformedException malformed) {
            throw new InvalidInputException("not a JSON record or array: " + malformed.getMessage());
        }
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
    private static List<JsonNode> records(JsonNode root, int max, Function<String, RuntimeException> refuse) {
        if (root.isArray() && root.size() > max) {
            throw refuse.apply("too many records: " + root.size() + ", at most " + max + " per body");
        }
        try {
            return ApisyncInbound.records(root);
        } catch (IllegalArgumentException notRecords) {
            throw refuse.apply("malformed JSON: " + notRecords.getMessage());
        }
    }
}
