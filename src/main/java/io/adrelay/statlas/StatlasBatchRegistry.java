package io.adrelay.statlas;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.documents.DocumentStore;

/**
 * What adrelay knows of each Statlas batch, one document per batch, statlas/batches/&lt;id&gt; (a file under
 * state/statlas/batches/ in the embedded default): the
 * batch as Statlas last described it (ads, ad codes, types, go-live date) plus our own notes per
 * ad (revision requested, feedback, delivered revisions).
 */
final class StatlasBatchRegistry {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");
    /** Statlas's statuses of a batch still in production. */
    private static final Set<String> OPEN = Set.of("submitted", "in_production");

    /** The event routes and the Drive poll write the same files: one registry (bean statlasBatchRegistry), one lock. */
    private final Object lock = new Object();

    private static final String FOLDER = "statlas/batches";

    private final DocumentStore documents;

    StatlasBatchRegistry(DocumentStore documents) {
        this.documents = documents;
    }

    /** Records Statlas's view of a batch, keeping our notes; true when the batch was new to us. */
    boolean record(JsonNode batch) {
        synchronized (lock) {
            String id = batch.path("id").asText();
            StatlasBatchEntry entry = find(id).orElseGet(() -> StatlasBatchEntry.registered(id, Instant.now().toString()));
            write(entry.withBatch(batch, Instant.now().toString()));
            return entry.batch() == null;
        }
    }

    Optional<StatlasBatchEntry> find(String batchId) {
        String name = name(batchId);
        if (name == null || !documents.exists(name)) {
            return Optional.empty();
        }
        return Optional.of(read(name));
    }

    boolean unknown(String batchId) {
        return find(batchId).isEmpty();
    }

    Optional<String> shop(String batchId) {
        return find(batchId).map(StatlasBatchEntry::shop);
    }

    /** An ad to deliver again: the client asked for a revision. */
    void markRevision(String batchId, int adNo, String feedback, String revisionUrl) {
        update(batchId, entry -> entry.withNote(adNo, new StatlasBatchEntry.AdNote(true, feedback, revisionUrl, Instant.now().toString(),
                entry.note(adNo).redeliveredAt())));
    }

    /** Read, change and write one batch's entry as one step; returns the entry as written. */
    StatlasBatchEntry update(String batchId, UnaryOperator<StatlasBatchEntry> change) {
        synchronized (lock) {
            StatlasBatchEntry entry = change.apply(find(batchId)
                    .orElseThrow(() -> new IllegalStateException("batch " + batchId + " is not registered")));
            write(entry);
            return entry;
        }
    }

    /** Batches still waiting for delivery (or a revision): what the Drive poll looks at. */
    List<StatlasBatchEntry> open() {
        return documents.list(FOLDER).stream().map(this::read)
                .filter(entry -> OPEN.contains(entry.batch() == null ? "" : entry.batch().path("status").asText())
                        || entry.revisionsRequested())
                .toList();
    }

    private StatlasBatchEntry read(String name) {
        try {
            return Json.MAPPER.treeToValue(documents.read(name), StatlasBatchEntry.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private void write(StatlasBatchEntry entry) {
        String name = name(entry.batchId());
        if (name == null) {
            throw new IllegalArgumentException("unsafe batch id " + entry.batchId());
        }
        documents.write(name, Json.MAPPER.valueToTree(entry));
    }

    private static String name(String batchId) {
        return batchId != null && SAFE.matcher(batchId).matches() ? FOLDER + "/" + batchId : null;
    }
}
