package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's BuySellAds pulls: per report the days its outbox holds, the last one, its size. */
class BsaPullsTest {

    @TempDir
    Path outbox;

    @Test
    void countsThePulledDaysAndNamesTheLastOne() throws Exception {
        Path daily = Files.createDirectories(outbox.resolve("daily-stats"));
        Files.writeString(daily.resolve("2026-11-30.csv"), "a,b\n1,2\n");
        Files.writeString(daily.resolve("2026-12-01.csv"), "a,b\n1,2\n3,4\n");
        Files.writeString(daily.resolve("2026-12-01.normalized.csv"), "not a pull");
        Files.writeString(daily.resolve(".2026-12-02.csv.tmp"), "half written");

        BsaPulls pulls = new BsaPulls(outbox, List.of("daily-stats", "lineitems"));
        Map<String, Object> dailyStats = pulls.pulls("daily-stats");
        assertEquals("bsa-pull-report-daily-stats", dailyStats.get("job"));
        assertEquals(2, dailyStats.get("days_pulled"));
        assertEquals("2026-12-01", dailyStats.get("last_day"));
        assertEquals(12L, dailyStats.get("last_bytes"));

        Files.writeString(daily.resolve("2026-11-30.normalized.csv"), "\"Lineitem ID\",\"Impressions\",\"Spend\"\n"
                + "\"1\",\"100\",\"242.90\"\n\"2\",\"50\",\"0.15\"\n");
        // 2026-12-01's companion is no report: the day is left out of the chart, the rest stays
        assertEquals(List.of(Map.of("day", "2026-11-30", "spend", new java.math.BigDecimal("243.05"), "impressions", 150L)),
                pulls.daily(), "the day's spend and impressions summed over its line items");

        Map<String, Object> lineitems = pulls.pulls("lineitems");
        assertEquals(0, lineitems.get("days_pulled"), "nothing pulled yet");
        assertNull(lineitems.get("last_day"));
    }
}
