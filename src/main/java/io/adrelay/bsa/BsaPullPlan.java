package io.adrelay.bsa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.adrelay.common.InvalidInputException;

/** Which days a pull covers: the range asked for (inclusive), yesterday by default, or what a catch-up needs. */
final class BsaPullPlan {

    static final int MAX_DAYS = 366;
    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.csv");

    private BsaPullPlan() {
    }

    static List<LocalDate> days(String from, String to, LocalDate today) {
        LocalDate yesterday = today.minusDays(1);
        LocalDate start = parse(from, "from").orElse(null);
        LocalDate end = parse(to, "to").orElse(null);
        if (start == null && end == null) {
            start = yesterday;
            end = yesterday;
        } else if (start == null) {
            start = end;
        } else if (end == null) {
            end = start.isAfter(yesterday) ? start : yesterday;
        }
        if (end.isBefore(start)) {
            throw new InvalidInputException("date range ends (" + end + ") before it starts (" + start + ")");
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            days.add(d);
            if (days.size() > MAX_DAYS) {
                throw new InvalidInputException("date range is longer than " + MAX_DAYS + " days");
            }
        }
        return days;
    }

    /**
     * Days missed while the runtime was down: after the newest file already pulled, up to yesterday,
     * at most {@code maxDays}; just yesterday when nothing was ever pulled.
     */
    static List<LocalDate> catchUp(Path reportDir, LocalDate today, int maxDays) {
        LocalDate yesterday = today.minusDays(1);
        LocalDate newest = newestPulled(reportDir).orElse(yesterday.minusDays(1));
        LocalDate start = newest.plusDays(1);
        LocalDate earliest = yesterday.minusDays(Math.max(1, maxDays) - 1L);
        if (start.isBefore(earliest)) {
            start = earliest;
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(yesterday); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    private static Optional<LocalDate> newestPulled(Path reportDir) {
        if (!Files.isDirectory(reportDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(reportDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> DAY_FILE.matcher(n).matches())
                    .map(n -> LocalDate.parse(n.substring(0, 10))).max(LocalDate::compareTo);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("\"" + name + "\" must be a date yyyy-mm-dd, got " + value);
        }
    }
}
