package io.adrelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.adrelay.sandbox.JournalEntry;

/**
 * One documented limit (permits per window) against what a simulator's journal recorded under it: the rate
 * adrelay achieved, the most requests any window of the limit's length held, and the 429s.
 * <p>
 * The rate is the limit's permits over the median time that many consecutive answered requests (not 429) took:
 * {@code permits / median(t[i + permits] - t[i])}. Under a sliding-window limit a saturated client reuses each permit
 * one period later, so this reads a throttle that lets a window's permits go at once and then waits (Camel's, and
 * adrelay's budgets) and one that spaces them evenly both as their true rate; requests over first-to-last time
 * would not (n bursts of a window's permits span only n - 1 periods), nor would any count cut at a window boundary
 * that falls inside a burst. A run of no more requests than the permits is read over one window, flagged as a floor.
 */
public record EgressFigure(String name, String limit, int permits, Duration window, long requests, double perSecond,
                           int maxInWindow, long tooMany, boolean steady, Duration span) {

    public static EgressFigure of(String name, String limit, int permits, Duration window, List<JournalEntry> entries) {
        List<Instant> answered = entries.stream().filter(e -> e.status() != 429).map(JournalEntry::time).sorted().toList();
        long tooMany = entries.stream().filter(e -> e.status() == 429).count();
        if (answered.isEmpty()) {
            return new EgressFigure(name, limit, permits, window, 0, 0, 0, tooMany, false, Duration.ZERO);
        }
        Duration span = Duration.between(answered.get(0), answered.get(answered.size() - 1));
        int steps = answered.size() - permits;
        boolean steady = steps > 0;
        double perSecond;
        if (steady) {
            long[] took = new long[steps];
            for (int i = 0; i < steps; i++) {
                took[i] = Duration.between(answered.get(i), answered.get(i + permits)).toNanos();
            }
            Arrays.sort(took);
            // at least a millisecond: more than the permits at one instant is a broken limit, not an infinite rate
            perSecond = permits / seconds(Duration.ofNanos(Math.max(took[steps / 2], 1_000_000)));
        } else {
            perSecond = answered.size() / seconds(window);
        }
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
                steady ? "" : ", no more than one window's permits: the rate is a floor");
    }

    /** The line, and the rate against adrelay's own budget in front of the API (permits per period). */
    public String line(int budgetPermits, long budgetPeriodMs) {
        double budget = budgetPermits * 1000.0 / budgetPeriodMs;
        String line = line();
        int size = line.lastIndexOf("  (");
        return line.substring(0, size) + String.format(Locale.ROOT, "  of-budget %.2f (%d per %d ms)", perSecond / budget, budgetPermits,
                budgetPeriodMs) + line.substring(size);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
