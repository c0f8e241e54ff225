package io.adrelay.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.adrelay.common.Flow;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.LogContext;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.storage.runs.JobRun;
import io.adrelay.common.storage.runs.JobRunStore;
import io.adrelay.common.storage.runs.RunRefusedException;

/**
 * Every run of every job, however started (POST /ops/jobs/{id}/run, a Quartz firing, the BuySellAds
 * catch-up at start): at most one run per job at a time, a history that outlives the process, and
 * the job-run metrics. Runs started over HTTP and scheduled ones execute on a Quartz thread (the
 * job's trigger fired, see {@link JobCatalog#fire}), never on an HTTP worker; a catch-up on the
 * thread that asks for it.
 */
public final class JobRuns {

    private static final Logger LOG = LoggerFactory.getLogger(JobRuns.class);

    private final JobRunStore store;
    private final Clock clock;
    private final JobRunMetrics metrics;
    private final ConcurrentMap<String, RunningJob> running = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JobRun> unsavedEnds = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public JobRuns(JobRunStore store, Supplier<MeterRegistry> registry, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.metrics = new JobRunMetrics(registry, job -> running.containsKey(job) ? 1 : 0,
                job -> store.lastSuccess(job).map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN));
    }

    /**
     * The history kept in {@code store} (loaded now), and the watch that logs long runs' progress; its
     * executor stops with the CamelContext. When the context stops, the runs going get its grace period
     * (camel.main.shutdown-timeout) and those still going after it are recorded interrupted.
     */
    public static JobRuns create(CamelContext context, JobRunStore store) throws Exception {
        int found = store.load();
        if (found > 0) {
            LOG.info("Job-run history: {} run(s) of {} job(s) in {}", found, store.jobs().size(), store);
        }
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        JobRuns runs = new JobRuns(store, () -> context.getRegistry().findSingleByType(MeterRegistry.class), Clock.systemUTC());
        JobRunWatch watch = new JobRunWatch(runs::watched);
        // each second: the ends the store refused written again, then the long runs' progress
        executors.newSingleThreadScheduledExecutor(JobRunWatch.class, "adrelay-job-run-watch").scheduleWithFixedDelay(() -> {
            runs.saveUnsavedEnds();
            watch.run();
        }, 1, 1, TimeUnit.SECONDS);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stopping) {
                ShutdownStrategy shutdown = stopping.getShutdownStrategy();
                runs.stopping(Duration.ofMillis(shutdown.getTimeUnit().toMillis(shutdown.getTimeout())));
            }
        });
        // stopped after the routes, so once the grace period is over: what still runs is cut short
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                runs.interruptAll();
            }
        });
        return runs;
    }

    /**
     * The process is stopping: a run that fails from now on was cut short by the stop (its throttle or retry may not
     * wait any more), and is recorded interrupted, not failed.
     */
    public void stopping(Duration grace) {
        stopping = true;
        Collection<RunningJob> going = runningNow();
        if (!going.isEmpty()) {
            LOG.info("Stopping: {} get {} s to end, then are recorded interrupted", going.stream()
                    .map(r -> "job " + r.job() + " run " + r.runId()).collect(Collectors.joining(", ")), grace.toSeconds());
        }
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Records every run still going as interrupted, now: the stop's grace period is over. */
    public List<JobRun> interruptAll() {
        List<JobRun> cut = new ArrayList<>();
        for (RunningJob run : runningNow()) {
            if (run.end()) {
                cut.add(interrupted(run));
            }
        }
        return cut;
    }

    private JobRun interrupted(RunningJob run) {
        Instant now = clock.instant();
        JobRun done = run.snapshot(now).interrupted(now);
        record(run, done, "interrupted");
        try (LogContext.Scope scope = run.logContext()) {
            LOG.warn("Job {} run {} cut short by the stop after {} s: {}", run.job(), run.runId(),
                    Duration.between(done.startedAt(), now).toSeconds(), done.summary());
        }
        run.finished().complete(done);
        return done;
    }

    /** Claims the job for a new run, recorded as running; throws JobAlreadyRunningException while another run holds it. */
    public RunningJob begin(String job, JobRun.Trigger trigger, Map<String, Object> parameters) {
        RunningJob[] created = new RunningJob[1];
        // the start time is taken once the job is free, so it is never before the end of the run before
        RunningJob run = running.computeIfAbsent(job,
                j -> created[0] = new RunningJob(TrackingIds.next(), j, trigger, clock.instant(), parameters));
        if (run != created[0]) {
            throw new JobAlreadyRunningException(run);
        }
        JobRun start = run.snapshot(clock.instant());
        try {
            saveStart(start);
        } catch (RunRefusedException elsewhere) {
            // a shared history: another node's run holds the job
            running.remove(job, run);
            throw new JobAlreadyRunningException(holder(elsewhere));
        } catch (RuntimeException e) {
            // a run whose start cannot be recorded (disk full, the database away) does not start
            running.remove(job, run);
            try {
                store.remove(start);
            } catch (RuntimeException alsoRefused) {
                LOG.debug("Run {} of {} not removed: {}", start.runId(), job, alsoRefused.getMessage());
            }
            throw e;
        }
        metrics.track(job);
        try (LogContext.Scope scope = run.logContext()) {
            LOG.info("Job {} run {} started ({}{})", job, run.runId(), trigger.label(), parameters.isEmpty() ? "" : ", " + parameters);
        }
        return run;
    }

    /** Records the start; a refusal whose holder ended meanwhile is tried again, once the holder is known to be gone. */
    private void saveStart(JobRun start) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.save(start);
                return;
            } catch (RunRefusedException refused) {
                if (refused.runningRunId() != null || attempt == 3) {
                    throw refused;
                }
            }
        }
    }

    /** The run of another node that holds the job, as the shared history has it. */
    private JobRun holder(RunRefusedException refused) {
        return store.find(refused.runningRunId()).orElseGet(() -> new JobRun(refused.runningRunId(), refused.job(),
                JobRun.Trigger.MANUAL, JobRun.Status.RUNNING, refused.runningStartedAt() == null ? clock.instant() : refused.runningStartedAt(),
                null, Map.of(), null, null, List.of(), 0, refused.runningNode()));
    }

    /**
     * A Quartz firing: its run, or nothing when the job is running already; that firing is skipped,
     * logged for the first skip during a run only (a cron every second would say it every second).
     * A firing Quartz recovered from a node that died is not skipped: it waits for the run holding the job to end, or
     * to be taken over (the dead node's own run is, once the run store takes its node as gone: when that run began
     * shortly before the death, seconds after Quartz gave the node up); skipped, the dead run's work would wait for the
     * job's next tick, maybe an hour away.
     */
    Optional<RunningJob> beginScheduled(String job, JobRun.Trigger trigger) {
        String waitedFor = null;
        while (true) {
            try {
                return Optional.of(begin(job, trigger, Map.of()));
            } catch (JobAlreadyRunningException busy) {
                if (trigger != JobRun.Trigger.RECOVERED || busy.running() != null || stopping) {
                    return skipped(job, busy);
                }
                if (!busy.runId().equals(waitedFor)) {
                    LOG.info("Recovered firing of {} waits for run {} to end or be taken over", job, busy.runId());
                    waitedFor = busy.runId();
                }
                pause(busy.runId());
            }
        }
    }

    private Optional<RunningJob> skipped(String job, JobAlreadyRunningException busy) {
        RunningJob holder = busy.running();
        if (holder == null) {
            LOG.info("Scheduled firing of {} skipped: {}", job, busy.getMessage());
        } else if (holder.firingSkipped()) {
            LOG.info("Scheduled firing of {} skipped: its run {} ({}) is still going; further firings during that run are"
                    + " skipped too (counted in the run's skipped_firings)", job, holder.runId(), holder.trigger().label());
        }
        metrics.count(job, "skipped");
        return Optional.empty();
    }

    /** A second's wait for another node's run to end. */
    private static void pause(String runId) {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for run " + runId + " to end", stop);
        }
    }

    /** Ends a run whose work could not be started (its firing refused): failed, the job free again. */
    JobRun notStarted(RunningJob run, String why) {
        return finish(run, JobRun.Status.FAILED, "failed: not started, " + SecretMasker.mask(why));
    }

    /** Runs the work on this thread and finishes the run; never throws for the work's failure (the run records it). */
    public JobRun runHere(RunningJob run, JobWork work) {
        Exchange exchange;
        run.enter();
        try {
            exchange = work.run(run);
        } catch (Exception e) {
            return finish(run, JobRun.Status.FAILED, "failed: " + SecretMasker.mask(String.valueOf(e.getMessage())));
        } catch (Error e) {
            finish(run, JobRun.Status.FAILED, "failed: " + e);
            throw e;
        } finally {
            RunningJob.leave();
        }
        return finish(run, exchange);
    }

    /** Like begin, but waits for a run of the job already going to end first (a catch-up must not be lost). */
    public RunningJob beginWhenIdle(String job, JobRun.Trigger trigger, Map<String, Object> parameters) {
        String waitedFor = null;
        while (true) {
            try {
                return begin(job, trigger, parameters);
            } catch (JobAlreadyRunningException busy) {
                if (!busy.runId().equals(waitedFor)) {
                    LOG.info("The {} run of {} waits for run {} to end", trigger.label(), job, busy.runId());
                    waitedFor = busy.runId();
                }
                if (busy.running() != null) {
                    busy.running().finished().join();
                } else {
                    // another node's run: asked again each second (a run of a node that is gone is taken over then)
                    pause(busy.runId());
                }
            }
        }
    }

    /**
     * Ends a run whose work went through a route on the exchange (see {@link CatchUpRuns}): failed with {@code failure}
     * when the work threw, else with what the exchange says.
     */
    JobRun finish(RunningJob run, Exchange exchange, Throwable failure) {
        if (failure == null) {
            return finish(run, exchange);
        }
        if (stopping) {
            return run.end() ? interrupted(run) : run.finished().join();
        }
        return finish(run, JobRun.Status.FAILED, "failed: " + SecretMasker.mask(String.valueOf(failure.getMessage())));
    }

    /** Ends the run with what its exchange says: failed when it ended in an exception or made dead letters. */
    JobRun finish(RunningJob run, Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure != null && stopping) {
            return run.end() ? interrupted(run) : run.finished().join();
        }
        String outcome = failure != null ? "failed: " + SecretMasker.mask(String.valueOf(failure.getMessage()))
                : exchange.getProperty(Flow.OUTCOME, String.class);
        if (outcome == null) {
            outcome = exchange.getProperty(Flow.DEAD_LETTER_ID) != null ? "dead-lettered" : "ok";
        }
        boolean failed = failure != null || run.producedDeadLetters() || exchange.getProperty(Flow.DEAD_LETTER_ID) != null;
        return finish(run, failed ? JobRun.Status.FAILED : JobRun.Status.SUCCEEDED, outcome);
    }

    private JobRun finish(RunningJob run, JobRun.Status status, String outcome) {
        if (!run.end()) {
            // the stop has recorded it interrupted already
            return run.finished().join();
        }
        JobRun done = run.finish(status, outcome, clock.instant());
        record(run, done, status.label());
        Duration took = Duration.between(done.startedAt(), done.finishedAt());
        try (LogContext.Scope scope = run.logContext()) {
            if (status == JobRun.Status.SUCCEEDED) {
                LOG.info("Job {} run {} succeeded in {} s: {}", run.job(), run.runId(), took.toSeconds(), done.summary());
            } else {
                LOG.warn("Job {} run {} failed after {} s: {}{}", run.job(), run.runId(), took.toSeconds(), done.summary(),
                        done.deadLetters().isEmpty() ? "" : " (dead letters " + done.deadLetters() + ")");
            }
        }
        // last: whoever waits for the run finds the job free again
        run.finished().complete(done);
        return done;
    }

    /** Writes the run's end and frees its job. */
    private void record(RunningJob run, JobRun done, String outcome) {
        try {
            store.save(done);
        } catch (RuntimeException e) {
            // written again each second until the store takes it: a shared history would hold the job "running" otherwise
            LOG.warn("Cannot record the end of run {} of {}: {}; written again once the store takes it", run.runId(), run.job(),
                    e.getMessage());
            unsavedEnds.put(done.runId(), done);
        }
        running.remove(run.job(), run);
        metrics.count(run.job(), outcome);
    }

    /** Writes the ends of runs the store refused before (its database was away). */
    void saveUnsavedEnds() {
        for (JobRun done : List.copyOf(unsavedEnds.values())) {
            try {
                store.save(done);
                unsavedEnds.remove(done.runId(), done);
                LOG.info("The end of run {} of {} is recorded now", done.runId(), done.job());
            } catch (RuntimeException stillRefused) {
                return;
            }
        }
    }

    /** The job's gauges, for a job that may not have run yet. */
    void track(String job) {
        metrics.track(job);
        store.jobs().forEach(metrics::track);
    }

    /** The job's gauges, and its period from its schedule. */
    void track(String job, double periodSeconds) {
        track(job);
        metrics.period(job, periodSeconds);
    }

    public Optional<RunningJob> running(String job) {
        return Optional.ofNullable(running.get(job));
    }

    /** The job's run going now: this node's, else one the history says is running (another node's, in a cluster). */
    public Optional<JobRun> runningAnywhere(String job) {
        RunningJob here = running.get(job);
        if (here != null) {
            return Optional.of(here.snapshot(clock.instant()));
        }
        return store.history(job).stream().filter(JobRun::running).findFirst();
    }

    /** The runs whose progress is logged: none while stopping (the stop says what it cuts short). */
    private Collection<RunningJob> watched() {
        return stopping ? List.of() : runningNow();
    }

    Collection<RunningJob> runningNow() {
        return List.copyOf(running.values());
    }

    /** A run by id: live while it goes, else from the history. */
    public Optional<JobRun> find(String runId) {
        for (RunningJob run : running.values()) {
            if (run.runId().equals(runId)) {
                JobRun now = run.snapshot(clock.instant());
                // the node, where a shared history names it
                return Optional.of(store.find(runId).map(stored -> now.on(stored.node())).orElse(now));
            }
        }
        return store.find(runId);
    }

    /** The job's runs, newest first, the one going (if any) as it is now. */
    public List<JobRun> history(String job) {
        return live(store.history(job));
    }

    /** Every job's runs, newest first. */
    public List<JobRun> history() {
        return live(store.all());
    }

    /** The newest run of the job that has ended. */
    public Optional<JobRun> lastFinished(String job) {
        return store.history(job).stream().filter(r -> !r.running()).findFirst();
    }

    /** Jobs with a history. */
    public Collection<String> jobsWithHistory() {
        return store.jobs();
    }

    private List<JobRun> live(List<JobRun> runs) {
        List<JobRun> now = new ArrayList<>(runs.size());
        for (JobRun r : runs) {
            RunningJob going = r.running() ? running.get(r.job()) : null;
            now.add(going != null && going.runId().equals(r.runId()) ? going.snapshot(clock.instant()).on(r.node()) : r);
        }
        return now;
    }
}
