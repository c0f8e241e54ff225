package io.adrelay.snap;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The duplicates {@link ProductIds} found once the feed was read, one spill file per part of the ids,
 * each in line order: merged into one sequence in line order (a line is in one file only).
 */
final class LateDuplicates implements Closeable {

    /** A row that repeats an earlier row's id: its line in the report, where it starts in the published feed. */
    record Duplicate(long line, long at, String id) {
    }

    private final PriorityQueue<IdSpill.Reader> next = new PriorityQueue<>(Comparator.comparingLong((IdSpill.Reader r) -> r.line));
    private final List<IdSpill.Reader> readers;

    LateDuplicates(List<Path> files) {
        readers = files.stream().map(IdSpill.Reader::new).toList();
        for (IdSpill.Reader reader : readers) {
            if (reader.next()) {
                next.add(reader);
            }
        }
    }

    boolean hasNext() {
        return !next.isEmpty();
    }

    Duplicate next() {
        IdSpill.Reader first = next.poll();
        if (first == null) {
            throw new NoSuchElementException();
        }
        Duplicate duplicate = new Duplicate(first.line, first.at, first.idString());
        advance(first);
        return duplicate;
    }

    /** Writes the rest, in line order. */
    void copyTo(IdSpill.Writer out) {
        for (IdSpill.Reader first; (first = next.poll()) != null; ) {
            out.write(first.line, first.at, first.id, 0, first.length);
            advance(first);
        }
    }

    private void advance(IdSpill.Reader reader) {
        if (reader.next()) {
            next.add(reader);
        }
    }

    @Override
    public void close() {
        readers.forEach(IdSpill.Reader::close);
    }
}
