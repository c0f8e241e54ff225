package io.adrelay.bsa;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import io.adrelay.common.intake.WebhookResponses;

/**
 * GET /ops/bsa/pulls (bean bsaPulls): per report, what its outbox holds: the days pulled, the last one, when and how
 * big. Read from outbox/bsa/&lt;report&gt;/&lt;yyyy-mm-dd&gt;.csv, the files a pull writes last. And the last
 * {@link #CHART_DAYS} days of daily-stats summed per day (spend, impressions) from its normalised files, for the
 * console's chart.
 */
public final class BsaPulls {

    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.csv");
    static final int CHART_DAYS = 30;
    private static final String DAILY_STATS = "daily-stats";

    private final Path outbox;
    private final List<String> reports;

    public BsaPulls(Path outbox, List<String> reports) {
        this.outbox = outbox;
        this.reports = reports;
    }

    public void list(Exchange e) {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (String report : reports) {
            answer.add(pulls(report));
        }
        WebhookResponses.reply(e, 200, Map.of("reports", answer, "daily", reports.contains(DAILY_STATS) ? daily() : List.of()));
    }

    /** The last days of daily-stats pulled, oldest first: per day the spend and impressions of every line item. */
    List<Map<String, Object>> daily() {
        List<Path> days = days(outbox.resolve(DAILY_STATS));
        List<Map<String, Object>> series = new ArrayList<>();
        for (Path pulled : days.subList(Math.max(0, days.size() - CHART_DAYS), days.size())) {
            String day = pulled.getFileName().toString().replace(".csv", "");
            Path normalized = pulled.resolveSibling(day + ".normalized.csv");
            // a day's file is one day of one account's line items: small (bounded by adrelay.csv.max-bytes when pulled)
            try (CSVParser rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(Files.newBufferedReader(normalized))) {
                if (!rows.getHeaderNames().containsAll(List.of("Spend", "Impressions"))) {
                    continue; // not a daily-stats report
                }
                BigDecimal spend = BigDecimal.ZERO;
                long impressions = 0;
                for (CSVRecord row : rows) {
                    spend = spend.add(new BigDecimal(row.get("Spend")));
                    impressions += Long.parseLong(row.get("Impressions"));
                }
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("day", day);
                point.put("spend", spend);
                point.put("impressions", impressions);
                series.add(point);
            } catch (IOException | RuntimeException unreadable) {
                // pulled again meanwhile, or not a report of ours: the day is left out of the chart, not the page
            }
        }
        return series;
    }

    Map<String, Object> pulls(String report) {
        List<Path> days = days(outbox.resolve(report));
        Map<String, Object> pulls = new LinkedHashMap<>();
        pulls.put("report", report);
        pulls.put("job", BsaReportSchedules.jobId(report));
        pulls.put("days_pulled", days.size());
        Path last = days.isEmpty() ? null : days.get(days.size() - 1);
        pulls.put("last_day", last == null ? null : last.getFileName().toString().replace(".csv", ""));
        try {
            pulls.put("last_pulled_at", last == null ? null : Files.getLastModifiedTime(last).toInstant().toString());
            pulls.put("last_bytes", last == null ? null : Files.size(last));
        } catch (IOException gone) {
            // pulled again (or removed) while being read: say nothing of it
            pulls.put("last_pulled_at", null);
            pulls.put("last_bytes", null);
        }
        return pulls;
    }

    /** The report's days as pulled, oldest first (the normalised companions and temp files left out). */
    private static List<Path> days(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> DAY_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
