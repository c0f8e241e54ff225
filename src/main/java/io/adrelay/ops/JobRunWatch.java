package io.adrelay.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.LogContext;

/**
 * Looks at the runs going, every second, so a long one is never silent: a progress line at most
 * every 10 s (when it changed, else every 30 s), and once per run a line when it has waited more
 * than 5 s at a throttle for its API's rate budget.
 */
final class JobRunWatch implements Runnable {

    static final Duration PATIENCE = Duration.ofSeconds(5);
    static final Duration EVERY = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(JobRunWatch.class);

    private final Supplier<Collection<RunningJob>> runs;

    JobRunWatch(Supplier<Collection<RunningJob>> runs) {
        this.runs = runs;
    }

    @Override
    public void run() {
        Instant now = Instant.now();
        try {
            for (RunningJob run : runs.get()) {
                try (LogContext.Scope scope = run.logContext()) {
                    run.longWaitToReport(now, PATIENCE).ifPresent(budget -> LOG.info(
                            "Job {} (run {}) has waited more than {} s for the rate budget of {}; it goes on as the budget allows",
                            run.job(), run.runId(), PATIENCE.toSeconds(), budget));
                    run.progressToLog(now, EVERY, QUIET).ifPresent(line -> LOG.info("Job {} (run {}): {}", run.job(), run.runId(), line));
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep watching
            LOG.warn("Job-run watch: {}", e.toString());
        }
    }
}
