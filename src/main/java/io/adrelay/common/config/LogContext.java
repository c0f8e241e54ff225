package io.adrelay.common.config;

import org.slf4j.MDC;

/**
 * adrelay's own MDC keys, beside Camel's camel.routeId and camel.exchangeId (camel.main.use-mdc-logging): the job
 * and run a thread works for, the tracking id of the request a record belongs to, the dead letter a line is about.
 * In JSON logs they are fields (JsonLogLayout). Each is put for a scope and taken back at its end, so nothing
 * outlives the work on a pooled thread.
 */
public final class LogContext {

    public static final String JOB = "adrelay.job";
    public static final String RUN_ID = "adrelay.runId";
    public static final String TRACKING_ID = "adrelay.trackingId";
    public static final String DEAD_LETTER_ID = "adrelay.deadLetterId";

    /** The end of a scope: puts back what the keys held before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private LogContext() {
    }

    /** The key holds the value until the scope closes (a null value changes nothing). */
    public static Scope with(String key, String value) {
        if (value == null) {
            return () -> { };
        }
        String before = MDC.get(key);
        MDC.put(key, value);
        return () -> restore(key, before);
    }

    /** Two keys at once, e.g. a job and its run id. */
    public static Scope with(String key, String value, String otherKey, String otherValue) {
        Scope first = with(key, value);
        Scope second = with(otherKey, otherValue);
        return () -> {
            second.close();
            first.close();
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
