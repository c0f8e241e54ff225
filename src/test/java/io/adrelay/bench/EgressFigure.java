package io.adrelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.adrelay.sandbox.JournalEntry;

/**
 * One documented limit (permits per window) against what a simulator's journal recorded under it: the rate
 * adrelay achieved, the most requests any window of the limit's length held, and the 429s.
 * <p>
 * The rate is the requests answered (not 429) from the first one up to the last window of the run, over that time:
 * the last window's requests are left out, as the time they would take is not seen. So a throttle that lets a
 * window's permits go at once and then waits (Camel's) and one that spaces them evenly both read as their true rate,
 * which requests over first-to-last time would not (n bursts of a window's permits span only n - 1 windows).
 */
public record EgressFigure(String name, String limit, int permits, Duration window, long requests, double perSecond,
                           int maxInWindow, long tooMany, boolean steady, Duration span) {

    public static EgressFigure of(String name, String limit, int permits, Duration window, List<JournalEntry> entries) {
        List<Instant> answered = entries.stream().filter(e -> e.status() != 429).map(JournalEntry::time).sorted().toList();
        long tooMany = entries.stream().filter(e -> e.status() == 429).count();
        if (answered.isEmpty()) {
            return new EgressFigure(name, limit, permits, window, 0, 0, 0, tooMany, false, Duration.ZERO);
        }
        Instant first = answered.get(0);
        Instant last = answered.get(answered.size() - 1);
        Duration span = Duration.between(first, last);
        // the first request of the last window: what came before it took the time up to it
        Instant lastWindow = last.minus(window);
        Instant cut = answered.stream().filter(t -> !t.isBefore(lastWindow)).findFirst().orElse(last);
        long before = answered.stream().filter(t -> t.isBefore(cut)).count();
        boolean steady = before > 0;
        // all of it within one window: what it held, over one window (a floor, flagged in the line)
        double perSecond = steady ? before / seconds(Duration.between(first, cut)) : answered.size() / seconds(window);
        return new EgressFigure(name, limit, permits, window, answered.size(), perSecond, maxInWindow(answered, window), tooMany,
                steady, span);
    }

    /** The most requests in any [t, t + window), t one of the times: as the simulator's sliding window counts them. */
    static int maxInWindow(List<Instant> sorted, Duration window) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (Duration.between(sorted.get(from), sorted.get(to)).compareTo(window) >= 0) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    /** The limit's own rate, per second. */
    public double limitPerSecond() {
        return permits / seconds(window);
    }

    public double ratio() {
        return perSecond / limitPerSecond();
    }

    /** {@code egress-<api>  <requests/s>  limit <documented>  ratio <x>  max-in-window <n>/<limit>  429s <n>}, then the run's size. */
    public String line() {
        return String.format(Locale.ROOT, "egress-%-15s %7.2f/s  limit %-8s ratio %.2f  max-in-window %d/%d  429s %d  (%d requests in %.1f s%s)",
                name, perSecond, limit, ratio(), maxInWindow, permits, tooMany, requests, seconds(span),
                steady ? "" : ", all within one window: the rate is a floor");
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
