package io.adrelay.apisync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.DocumentStore;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * Inbound requests: stored before they are acknowledged (the intake store apisync/requests:
 * state/apisync/requests/journal/ in the embedded default), their progress while they are synced record
 * by record (the document apisync/progress/&lt;id&gt;), and their results (outbox/apisync/results/&lt;id&gt;.json).
 * A finished request is retired as done (requests/.done/), one that cannot be read is set aside (requests/.error/).
 */
final class ApisyncRequests {

    private static final Pattern TRACKING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** The documents of the requests being synced: apisync/progress/&lt;id&gt;. */
    private static final String PROGRESS = "apisync/progress/";

    private final IntakeStore pending;
    private final DocumentStore documents;
    private final Path results;

    ApisyncRequests(IntakeStore pending, DocumentStore documents, DataDirectory data) {
        this.pending = pending;
        this.documents = documents;
        this.results = data.outbox("apisync").resolve("results");
    }

    /** Where the stored requests wait. */
    IntakeStore pending() {
        return pending;
    }

    /** Stores the records durably; returns the tracking id. */
    String accept(ApisyncResource resource, List<JsonNode> records, String source) {
        String trackingId = TrackingIds.next();
        store(trackingId, resource, records, source);
        return trackingId;
    }

    /**
     * Stores a dropped file's records as requests of at most {@code chunk} records each. The ids come
     * from the file's identity, so a file read again after a crash stores the same requests, not new ones.
     */
    List<String> acceptFile(ApisyncResource resource, List<JsonNode> records, String source, String fileIdentity,
                            long fileTime, int chunk) {
        List<String> ids = new ArrayList<>();
        for (int from = 0, n = 0; from < records.size(); from += chunk, n++) {
            byte[] digest = sha256(fileIdentity + "#" + n);
            String id = TrackingIds.of(fileTime, bits(digest, 0), bits(digest, 8));
            if (!known(id)) {
                store(id, resource, records.subList(from, Math.min(records.size(), from + chunk)), source);
            }
            ids.add(id);
        }
        return ids;
    }

    /** Pending request ids, oldest first (ids begin with their arrival time). */
    List<String> pendingIds() {
        return pending.pendingIds();
    }

    /** A stored request as written by {@link #store}. */
    ApisyncStoredRequest read(String trackingId) throws IOException {
        return Json.MAPPER.readValue(pending.read(trackingId), ApisyncStoredRequest.class);
    }

    /** Outcomes recorded so far for a pending request, in record order. */
    List<ApisyncOutcome> progress(String trackingId) {
        ObjectNode saved = documents.read(PROGRESS + trackingId);
        List<ApisyncOutcome> outcomes = new ArrayList<>();
        saved.path("records").forEach(r -> outcomes.add(Json.MAPPER.convertValue(r, ApisyncOutcome.class)));
        return outcomes;
    }

    void saveProgress(String trackingId, List<ApisyncOutcome> outcomes) {
        ObjectNode saved = Json.MAPPER.createObjectNode().put("tracking_id", trackingId);
        saved.set("records", Json.MAPPER.valueToTree(outcomes));
        documents.write(PROGRESS + trackingId, saved);
    }

    /** Every record has an outcome: results written, then the request retired, then its progress dropped. */
    void finish(String trackingId, String resource, List<ApisyncOutcome> outcomes) throws IOException {
        writeResult(ApisyncResult.done(trackingId, resource, Instant.now().toString(), outcomes));
        // tried again after a failed write: the request may have moved already
        if (pending.isPending(trackingId)) {
            pending.done(trackingId);
        }
        documents.delete(PROGRESS + trackingId);
    }

    /** A request that can never be synced as it is: set aside with its reason, and its outcome says so. */
    void fail(String trackingId, String reason) throws IOException {
        writeResult(ApisyncResult.failed(trackingId, Instant.now().toString(), reason, pending.setAsideLocation(trackingId)));
        pending.setAside(trackingId);
        documents.delete(PROGRESS + trackingId);
    }

    /** The outcome of a request: its results when finished, "pending" while queued, empty when unknown. */
    Optional<ApisyncResult> outcome(String trackingId) {
        if (trackingId == null || !TRACKING_ID.matcher(trackingId).matches()) {
            return Optional.empty();
        }
        Path result = resultFile(trackingId);
        if (Files.exists(result)) {
            return Optional.of(readResult(result));
        }
        if (pending.isPending(trackingId)) {
            return Optional.of(ApisyncResult.pending(trackingId));
        }
        return Optional.empty();
    }

    /** A replayed record's new outcome replaces its entry in a finished request's results. */
    synchronized void updateResult(String trackingId, ApisyncOutcome outcome) {
        Path file = resultFile(trackingId);
        if (!Files.exists(file)) {
            return;
        }
        writeResult(readResult(file).withOutcome(outcome));
    }

    private void writeResult(ApisyncResult result) {
        DataDirectory.writeObject(resultFile(result.trackingId()), Json.MAPPER.valueToTree(result));
    }

    private static ApisyncResult readResult(Path file) {
        return Json.MAPPER.convertValue(DataDirectory.readObject(file), ApisyncResult.class);
    }

    private void store(String trackingId, ApisyncResource resource, List<JsonNode> records, String source) {
        ApisyncStoredRequest request = new ApisyncStoredRequest(trackingId, resource.path, source, Instant.now().toString(), records);
        try {
            pending.add(trackingId, Json.MAPPER.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write request " + trackingId, e);
        }
    }

    private boolean known(String trackingId) {
        return pending.isPending(trackingId) || Files.exists(resultFile(trackingId)) || pending.isDone(trackingId);
    }

    private Path resultFile(String trackingId) {
        return results.resolve(trackingId + ".json");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long bits(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
