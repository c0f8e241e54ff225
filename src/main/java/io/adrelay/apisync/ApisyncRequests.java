package io.adrelay.apisync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;

/**
 * Inbound requests, stored before they are acknowledged (state/apisync/requests/&lt;tracking-id&gt;.json,
 * picked up by the sync route) and their results (outbox/apisync/results/&lt;tracking-id&gt;.json).
 */
final class ApisyncRequests {

    private static final Pattern TRACKING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path pending;
    private final Path results;

    ApisyncRequests(DataDirectory data) {
        this.pending = data.state("apisync").resolve("requests");
        this.results = data.outbox("apisync").resolve("results");
    }

    Path pendingDir() {
        return pending;
    }

    /** Stores the records durably; returns the tracking id. */
    String accept(ApisyncResource resource, List<JsonNode> records, String source) {
        String trackingId = UUID.randomUUID().toString();
        ObjectNode request = ApisyncMapper.JSON.createObjectNode();
        request.put("tracking_id", trackingId);
        request.put("resource", resource.path);
        request.put("source", source);
        request.put("received_at", Instant.now().toString());
        request.putArray("records").addAll(records);
        DataDirectory.writeAtomically(pending.resolve(trackingId + ".json"), request.toString().getBytes(StandardCharsets.UTF_8));
        return trackingId;
    }

    /** The outcome of a request: its results when synced, "pending" while queued, empty when unknown. */
    Optional<ObjectNode> outcome(String trackingId) {
        if (trackingId == null || !TRACKING_ID.matcher(trackingId).matches()) {
            return Optional.empty();
        }
        Path result = resultFile(trackingId);
        if (Files.exists(result)) {
            return Optional.of(read(result));
        }
        if (Files.exists(pending.resolve(trackingId + ".json"))) {
            ObjectNode queued = ApisyncMapper.JSON.createObjectNode();
            queued.put("tracking_id", trackingId);
            queued.put("status", "pending");
            return Optional.of(queued);
        }
        return Optional.empty();
    }

    void writeResults(String trackingId, String resource, ArrayNode records) {
        ObjectNode result = ApisyncMapper.JSON.createObjectNode();
        result.put("tracking_id", trackingId);
        result.put("resource", resource);
        result.put("status", "done");
        result.put("finished_at", Instant.now().toString());
        result.set("records", records);
        DataDirectory.writeObject(resultFile(trackingId), result);
    }

    /** A replayed record's new outcome replaces its entry in the request's results. */
    synchronized void updateResult(String trackingId, int index, ObjectNode outcome) {
        Path file = resultFile(trackingId);
        if (!Files.exists(file)) {
            return;
        }
        ObjectNode result = read(file);
        ArrayNode records = (ArrayNode) result.path("records");
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).path("index").asInt() == index) {
                records.set(i, outcome);
            }
        }
        DataDirectory.writeObject(file, result);
    }

    private Path resultFile(String trackingId) {
        return results.resolve(trackingId + ".json");
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) ApisyncMapper.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
