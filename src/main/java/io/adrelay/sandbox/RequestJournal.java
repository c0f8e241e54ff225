package io.adrelay.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every request a simulator received, in order: what tests assert on. */
public final class RequestJournal {

    private final List<JournalEntry> entries = new ArrayList<>();

    synchronized void record(JournalEntry entry) {
        entries.add(entry);
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<JournalEntry> matching(String method, String pathPrefix) {
        return entries.stream().filter(e -> e.method().equals(method) && e.path().startsWith(pathPrefix)).toList();
    }

    public synchronized long count(Predicate<JournalEntry> filter) {
        return entries.stream().filter(filter).count();
    }

    public synchronized JournalEntry last() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
