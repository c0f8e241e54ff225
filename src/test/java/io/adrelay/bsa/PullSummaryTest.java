package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class PullSummaryTest {

    @Test
    void consecutiveDaysAreOneRangeSoAnyBackfillIsOneLine() {
        assertEquals("[]", PullSummary.days(List.of()));
        assertEquals("[2026-11-20]", PullSummary.days(List.of("2026-11-20")));
        assertEquals("[2026-08-31..2026-11-25]", PullSummary.days(
                Stream.iterate(LocalDate.parse("2026-08-31"), d -> d.plusDays(1)).limit(87)
                        .map(Object::toString).toList()));
        assertEquals("[2026-11-01..2026-11-02, 2026-11-04, 2026-11-06..2026-11-07]",
                PullSummary.days(List.of("2026-11-07", "2026-11-01", "2026-11-02", "2026-11-04", "2026-11-06")));
    }
}
