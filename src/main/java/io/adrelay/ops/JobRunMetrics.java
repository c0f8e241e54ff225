package io.adrelay.ops;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code adrelay_job_runs_total{job,outcome}} (succeeded, failed, interrupted by a stop, skipped),
 * {@code adrelay_job_last_success_timestamp_seconds{job}}, {@code adrelay_job_running{job}} and
 * {@code adrelay_job_period_seconds{job}} (the time between two firings of its schedule: an alert compares the last
 * success with it),
 * in the registry Camel's metrics use (looked up when needed: it is bound after adrelay's setup).
 */
final class JobRunMetrics {

    private final Supplier<MeterRegistry> registry;
    private final ToDoubleFunction<String> running;
    private final ToDoubleFunction<String> lastSuccessSeconds;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();
    /** Each job's period, as its schedule now says (a saved route file may change it). */
    private final Map<String, Double> periods = new ConcurrentHashMap<>();

    JobRunMetrics(Supplier<MeterRegistry> registry, ToDoubleFunction<String> running, ToDoubleFunction<String> lastSuccessSeconds) {
        this.registry = registry;
        this.running = running;
        this.lastSuccessSeconds = lastSuccessSeconds;
    }

    /** The job's gauges, once (so a job never run yet shows running 0 and no last success). */
    void track(String job) {
        MeterRegistry meters = registry.get();
        if (meters == null || !tracked.add(job)) {
            return;
        }
        Gauge.builder("adrelay.job.running", job, running).tag("job", job).strongReference(true).register(meters);
        Gauge.builder("adrelay.job.last.success.timestamp.seconds", job, lastSuccessSeconds).tag("job", job)
                .strongReference(true).register(meters);
    }

    /** The job's period, and its gauge once. */
    void period(String job, double seconds) {
        MeterRegistry meters = registry.get();
        if (meters == null || Double.isNaN(seconds)) {
            return;
        }
        if (periods.put(job, seconds) == null) {
            Gauge.builder("adrelay.job.period.seconds", job, j -> periods.getOrDefault(j, Double.NaN)).tag("job", job)
                    .description("seconds between two firings of the job's schedule").strongReference(true).register(meters);
        }
    }

    void count(String job, String outcome) {
        track(job);
        MeterRegistry meters = registry.get();
        if (meters != null) {
            meters.counter("adrelay.job.runs", "job", job, "outcome", outcome).increment();
        }
    }
}
