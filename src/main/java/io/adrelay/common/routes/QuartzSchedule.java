package io.adrelay.common.routes;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;

import org.quartz.CronExpression;

/** What is wrong with a Quartz cron or time zone, in the words both the start-up check and the route reload use. */
public final class QuartzSchedule {

    private QuartzSchedule() {
    }

    /** Null for a valid cron, else why it is not one. */
    public static String cronProblem(String expression) {
        try {
            new CronExpression(expression);
            return null;
        } catch (ParseException e) {
            return "is not a Quartz cron (sec min hour day-of-month month day-of-week): " + e.getMessage();
        }
    }

    /**
     * The time between the schedule's next two firings after {@code from}, in seconds: a job's period (a daily job's is
     * 86,400); NaN when the cron does not parse or fires no more.
     */
    public static double periodSeconds(String expression, String zone, java.time.Instant from) {
        try {
            CronExpression cron = new CronExpression(expression);
            if (zone != null && !zone.isBlank() && zoneProblem(zone) == null) {
                cron.setTimeZone(java.util.TimeZone.getTimeZone(ZoneId.of(zone)));
            }
            java.util.Date next = cron.getNextValidTimeAfter(java.util.Date.from(from));
            java.util.Date after = next == null ? null : cron.getNextValidTimeAfter(next);
            return after == null ? Double.NaN : (after.getTime() - next.getTime()) / 1000.0;
        } catch (ParseException e) {
            return Double.NaN;
        }
    }

    /** Null for a valid time zone, else why it is not one. */
    public static String zoneProblem(String zone) {
        try {
            ZoneId.of(zone);
            return null;
        } catch (DateTimeException e) {
            return "is not a time zone (e.g. UTC, Europe/Berlin)";
        }
    }
}
