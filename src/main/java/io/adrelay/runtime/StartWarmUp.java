package io.adrelay.runtime;

import java.time.Instant;

import javax.net.ssl.SSLContext;

import io.adrelay.common.routes.QuartzSchedule;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * Work every start needs later, done at once on a second thread while the main thread configures Camel:
 * <ul>
 * <li>Quartz's cron parser and the JVM's calendar data, which the start's check of the schedules loads first (the
 * locale providers behind a calendar's first day of the week: a twentieth of the main thread's start);</li>
 * <li>the JVM's trusted certificates, which the first HTTP endpoint's TLS context parses (about 140 of them: another
 * twentieth). The context made here is kept, so the parsed certificates stay in the JVM's cache (a weak one) for the
 * endpoints' own.</li>
 * </ul>
 * Nothing waits for this thread: should the main thread come first to a piece of it, it does that piece, or waits for
 * it (a class being initialised), as it would have anyway.
 */
public final class StartWarmUp {

    @SuppressWarnings("unused")
    private static volatile SSLContext tls;

    private StartWarmUp() {
    }

    /** Starts the warm-up; it ends by itself. */
    public static void begin() {
        Thread thread = new Thread(StartWarmUp::warm, "adrelay-start-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warm() {
        try {
            QuartzSchedule.periodSeconds("0 0 4 * * ?", "UTC", Instant.now());
            tls = SSLContexts.createDefault();
        } catch (RuntimeException | Error unusable) {
            // not a start's business: the check of a schedule, or the endpoint that needs TLS, reports it when it gets there
        }
    }
}
