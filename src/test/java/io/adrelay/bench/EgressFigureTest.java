package io.adrelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.adrelay.sandbox.JournalEntry;
import org.junit.jupiter.api.Test;

/** The egress bench's reading of a simulator's journal against one limit. */
class EgressFigureTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void burstsOfAWindowsPermitsReadAsPermitsPerPeriodNotPerSpan() {
        // a throttle of 60 per 63 s that lets each window's permits go at once: 60 at 0 s, 63 s and 126 s, 50 ms apart
        List<JournalEntry> journal = new ArrayList<>();
        for (int burst = 0; burst < 3; burst++) {
            for (int i = 0; i < 60; i++) {
                journal.add(entry(Duration.ofSeconds(63L * burst).plusMillis(50L * i), 200));
            }
        }
        EgressFigure figure = EgressFigure.of("bsa", "60/min", 60, MINUTE, journal);

        assertEquals(60.0 / 63, figure.perSecond(), 1e-3, "each permit used again 63 s later");
        assertEquals(60.0 / 63, figure.ratio(), 1e-3, "the limit is 1/s");
        assertEquals(180, figure.requests());
        assertEquals(60, figure.maxInWindow(), "no window held more than one burst");
        assertEquals(0, figure.tooMany());
        assertTrue(figure.steady());
    }

    @Test
    void burstsLongerThanTheWindowsSlackReadAsTheirPeriod() {
        // what Statlas saw of 25 dropped uploads (10/min; adrelay's budget 10 per 63 s, each upload after its GET):
        // a window before the last request ends inside the second burst, which a cut at that window would count
        List<JournalEntry> journal = new ArrayList<>();
        double[] seconds = {7.9, 8.7, 9.6, 10.0, 10.4, 11.4, 12.0, 12.5, 12.9, 13.3,
            71.1, 71.8, 72.8, 73.1, 73.5, 74.7, 75.1, 75.7, 76.0, 76.5,
            134.2, 135.0, 135.8, 136.1, 136.5};
        for (double s : seconds) {
            journal.add(entry(Duration.ofMillis(Math.round(s * 1000)), 200));
        }
        EgressFigure figure = EgressFigure.of("statlas-upload", "10/min", 10, MINUTE, journal);

        assertEquals(0.95, figure.ratio(), 0.01, figure.line());
        assertEquals(10, figure.maxInWindow());
    }

    @Test
    void anEvenStreamReadsAsItsRate() {
        // 9 a second, evenly, for 100 s
        List<JournalEntry> journal = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            journal.add(entry(Duration.ofNanos(1_000_000_000L * i / 9), 201));
        }
        EgressFigure figure = EgressFigure.of("snap", "10/s", 10, Duration.ofSeconds(1), journal);

        assertEquals(9.0, figure.perSecond(), 0.01);
        assertEquals(0.9, figure.ratio(), 0.001);
        assertEquals(9, figure.maxInWindow());
        // adrelay's budget of 10 per 1.1 s is 9.09 a second
        assertTrue(figure.line(10, 1100).contains("429s 0  of-budget 0.99 (10 per 1100 ms)  (900 requests in 99.9 s)"), figure.line(10, 1100));
    }

    @Test
    void countsTooManyRequestsApartAndFindsTheFullestWindow() {
        List<JournalEntry> journal = new ArrayList<>();
        // 5 requests at 0-400 ms, 3 more at 950-990 ms: 8 within one second; 2 answered 429 at 995 ms
        for (int i = 0; i < 5; i++) {
            journal.add(entry(Duration.ofMillis(100L * i), 200));
        }
        for (int i = 0; i < 3; i++) {
            journal.add(entry(Duration.ofMillis(950 + 20L * i), 200));
        }
        journal.add(entry(Duration.ofMillis(995), 429));
        journal.add(entry(Duration.ofMillis(995), 429));
        // and one a second later, alone in its window's start: [1000, 2000) holds it and nothing before
        journal.add(entry(Duration.ofMillis(2000), 200));
        EgressFigure figure = EgressFigure.of("apisync", "20/s", 20, Duration.ofSeconds(1), journal);

        assertEquals(2, figure.tooMany());
        assertEquals(9, figure.requests(), "429s are not requests served");
        assertEquals(8, figure.maxInWindow());
        assertTrue(figure.line().startsWith("egress-apisync"), figure.line());
        assertTrue(figure.line().contains("max-in-window 8/20  429s 2"), figure.line());
    }

    @Test
    void aWindowIsHalfOpenAsTheSimulatorsLimiterCountsIt() {
        // a request exactly one window after another is in the next window
        List<Instant> times = List.of(T0, T0.plusMillis(500), T0.plusSeconds(1), T0.plusMillis(1500));
        assertEquals(2, EgressFigure.maxInWindow(times, Duration.ofSeconds(1)));
    }

    @Test
    void workWithinOneWindowIsFlaggedAsAFloor() {
        List<JournalEntry> journal = List.of(entry(Duration.ZERO, 200), entry(Duration.ofSeconds(10), 200));
        EgressFigure figure = EgressFigure.of("statlas-upload", "10/min", 10, MINUTE, journal);

        assertFalse(figure.steady());
        assertEquals(2 / 60.0, figure.perSecond(), 1e-9);
        assertTrue(figure.line().contains("the rate is a floor"), figure.line());
        assertEquals(2, figure.requests());
    }

    private static JournalEntry entry(Duration at, int status) {
        return new JournalEntry(T0.plus(at), "GET", "/x", null, Map.of(), "", status);
    }
}
