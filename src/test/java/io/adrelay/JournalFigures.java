package io.adrelay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.adrelay.sandbox.JournalEntry;

/** Figures the cluster ITs read from a simulator's request journal. */
public final class JournalFigures {

    private JournalFigures() {
    }

    /** The most requests the simulator received in any window of that length. */
    public static int mostInAWindow(List<JournalEntry> calls, Duration window) {
        List<Instant> times = new ArrayList<>(calls.stream().map(JournalEntry::time).toList());
        Collections.sort(times);
        int most = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (Duration.between(times.get(first), times.get(last)).compareTo(window) >= 0) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** The simulator's 429 answers among these calls. */
    public static long tooMany(List<JournalEntry> calls) {
        return calls.stream().filter(e -> e.status() == 429).count();
    }
}
