package io.adrelay.statlas;

import io.adrelay.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;

/**
 * What adrelay knows of each Statlas batch, one file per batch under state/statlas/batches/: the
 * batch as Statlas last described it (ads, ad codes, types, go-live date) plus our own notes per
 * ad (revision requested, feedback, delivered revisions).
 */
final class StatlasBatchRegistry {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    /** The event routes and the Drive poll write the same files: one registry (bean statlasBatchRegistry), one lock. */
    private final Object lock = new Object();

    private final Path dir;

    StatlasBatchRegistry(Path dir) {
        this.dir = dir;
    }

    /** Records Statlas's view of a batch, keeping our notes; true when the batch was new to us. */
    boolean record(JsonNode batch) {
        synchronized (lock) {
            return recordLocked(batch);
        }
    }

    private boolean recordLocked(JsonNode batch) {
        String id = batch.path("id").asText();
        ObjectNode entry = find(id).orElseGet(() -> Json.MAPPER.createObjectNode().put("batch_id", id).put("registered_at", Instant.now().toString()));
        boolean isNew = !entry.has("batch");
        entry.set("batch", batch);
        entry.put("refreshed_at", Instant.now().toString());
        entry.with("notes");
        write(id, entry);
        return isNew;
    }

    Optional<ObjectNode> find(String batchId) {
        Path file = file(batchId);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean unknown(String batchId) {
        return find(batchId).isEmpty();
    }

    Optional<String> shop(String batchId) {
        return find(batchId).map(e -> e.path("batch").path("shop").asText(null));
    }

    /** An ad to deliver again: the client asked for a revision. */
    void markRevision(String batchId, int adNo, String feedback, String revisionUrl) {
        update(batchId, entry -> {
            ObjectNode note = entry.with("notes").with(String.valueOf(adNo));
            note.put("revision_requested", true);
            note.put("feedback_summary", feedback);
            note.put("revision_url", revisionUrl);
            note.put("revision_requested_at", Instant.now().toString());
        });
    }

    /** Read, change and write one batch's entry as one step; returns the entry as written. */
    ObjectNode update(String batchId, Consumer<ObjectNode> change) {
        synchronized (lock) {
            ObjectNode entry = find(batchId).orElseThrow(() -> new IllegalStateException("batch " + batchId + " is not registered"));
            change.accept(entry);
            write(batchId, entry);
            return entry;
        }
    }

    /** Batches still waiting for delivery (or a revision): what the Drive poll looks at. */
    List<ObjectNode> open() {
        List<ObjectNode> open = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return open;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                ObjectNode entry = (ObjectNode) Json.MAPPER.readTree(f.toFile());
                String status = entry.path("batch").path("status").asText();
                boolean revisions = false;
                for (JsonNode note : entry.path("notes")) {
                    revisions |= note.path("revision_requested").asBoolean();
                }
                if (List.of("submitted", "in_production").contains(status) || revisions) {
                    open.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    private void write(String batchId, ObjectNode entry) {
        Path file = file(batchId);
        if (file == null) {
            throw new IllegalArgumentException("unsafe batch id " + batchId);
        }
        DataDirectory.writeObject(file, entry);
    }

    private Path file(String batchId) {
        return batchId != null && SAFE.matcher(batchId).matches() ? dir.resolve(batchId + ".json") : null;
    }
}
