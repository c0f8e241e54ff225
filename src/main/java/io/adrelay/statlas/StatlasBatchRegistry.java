package io.adrelay.statlas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;

/**
 * What adrelay knows of each Statlas batch, one file per batch under state/statlas/batches/: the
 * batch as Statlas last described it (ads, ad codes, types, go-live date) plus our own notes per
 * ad (revision requested, feedback, delivered revisions).
 */
final class StatlasBatchRegistry {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");
    /** Statlas's statuses of a batch still in production. */
    private static final Set<String> OPEN = Set.of("submitted", "in_production");

    /** The event routes and the Drive poll write the same files: one registry (bean statlasBatchRegistry), one lock. */
    private final Object lock = new Object();

    private final Path dir;

    StatlasBatchRegistry(Path dir) {
        this.dir = dir;
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
        Path file = file(batchId);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
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
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(StatlasBatchRegistry::read)
                    .filter(entry -> OPEN.contains(entry.batch() == null ? "" : entry.batch().path("status").asText())
                            || entry.revisionsRequested())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StatlasBatchEntry read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), StatlasBatchEntry.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(StatlasBatchEntry entry) {
        Path file = file(entry.batchId());
        if (file == null) {
            throw new IllegalArgumentException("unsafe batch id " + entry.batchId());
        }
        DataDirectory.writeObject(file, Json.MAPPER.valueToTree(entry));
    }

    private Path file(String batchId) {
        return batchId != null && SAFE.matcher(batchId).matches() ? dir.resolve(batchId + ".json") : null;
    }
}
