package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BsaPullPlanTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void defaultIsYesterday() {
        assertEquals(List.of(LocalDate.of(2026, 11, 21)), BsaPullPlan.days(null, null, TODAY));
    }

    @Test
    void rangeIsInclusive() {
        List<LocalDate> days = BsaPullPlan.days("2026-11-01", "2026-11-03", TODAY);
        assertEquals(List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3)), days);
        assertEquals(List.of(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21)), BsaPullPlan.days("2026-11-20", null, TODAY));
    }

    @Test
    void refusesBadRanges() {
        assertThrows(InvalidInputException.class, () -> BsaPullPlan.days("2026-11-03", "2026-11-01", TODAY));
        assertThrows(InvalidInputException.class, () -> BsaPullPlan.days("yesterday", null, TODAY));
        assertThrows(InvalidInputException.class, () -> BsaPullPlan.days("2020-01-01", "2026-01-01", TODAY));
    }

    @Test
    void catchUpPullsTheDaysAfterTheNewestFile(@TempDir Path dir) throws Exception {
        assertEquals(List.of(LocalDate.of(2026, 11, 21)), BsaPullPlan.catchUp(dir, TODAY, 31));
        Files.writeString(dir.resolve("2026-11-18.csv"), "x");
        Files.writeString(dir.resolve("2026-11-18.normalized.csv"), "x");
        assertEquals(List.of(LocalDate.of(2026, 11, 19), LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21)),
                BsaPullPlan.catchUp(dir, TODAY, 31));
        assertEquals(List.of(LocalDate.of(2026, 11, 21)), BsaPullPlan.catchUp(dir, TODAY, 1));
        Files.writeString(dir.resolve("2026-11-21.csv"), "x");
        assertEquals(List.of(), BsaPullPlan.catchUp(dir, TODAY, 31));
    }
}
