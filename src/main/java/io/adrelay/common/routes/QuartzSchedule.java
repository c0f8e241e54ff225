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
