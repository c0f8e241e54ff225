package io.adrelay.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.adrelay.common.RunNotes;
import org.slf4j.MDC;
import io.adrelay.common.config.LogContext;
import io.adrelay.common.storage.runs.JobRun;

/**
 * A run while it goes. The flow it runs reports to it (progress, a live line, waits for rate
 * budget); {@link #current()} reaches it from anything the run does on its thread, the calls its
 * routes make beside their own (enrich) included (Camel routes a run synchronously: throttles, retries and
 * delays all wait on the calling thread).
 */
public final class RunningJob implements RunNotes {

    /** Exchange property: the run a job's exchange belongs to (set when the run was started by adrelay, not by Quartz). */
    public static final String PROPERTY = "AdrelayJobRun";

    private final String runId;
    private final String job;
    private final JobRun.Trigger trigger;
    private final Instant startedAt;
    private final Map<String, Object> parameters;
    private final CompletableFuture<JobRun> finished = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private JobRun.Progress progress;
    private String note;
    private final List<String> deadLetters = new ArrayList<>();
    private int skippedFirings;
    private String waitingFor;
    private Instant waitingSince;
    private long waitedMillis;
    private boolean waitReported;
    private Instant lastLogged;
    private String lastNews;

    RunningJob(String runId, String job, JobRun.Trigger trigger, Instant startedAt, Map<String, Object> parameters) {
        this.runId = runId;
        this.job = job;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.parameters = parameters;
        this.lastLogged = startedAt;
    }

    /** The run this thread is working for, if any. */
    public static Optional<RunningJob> current() {
        return RunNotes.current().filter(RunningJob.class::isInstance).map(RunningJob.class::cast);
    }

    /** This thread works for the run: RunningJob.current() finds it, and its log lines carry the job and run id. */
    void enter() {
        RunNotes.setCurrent(this);
        MDC.put(LogContext.JOB, job);
        MDC.put(LogContext.RUN_ID, runId);
    }

    static void leave() {
        RunNotes.setCurrent(null);
        MDC.remove(LogContext.JOB);
        MDC.remove(LogContext.RUN_ID);
    }

    /** For lines about the run logged off its thread. */
    LogContext.Scope logContext() {
        return LogContext.with(LogContext.JOB, job, LogContext.RUN_ID, runId);
    }

    /** True once, for whoever ends the run first: its own thread, or a stop that cuts it short. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    public String runId() {
        return runId;
    }

    public String job() {
        return job;
    }

    public JobRun.Trigger trigger() {
        return trigger;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Completes with the finished run. */
    public CompletableFuture<JobRun> finished() {
        return finished;
    }

    /** done of total (null while unknown), in the job's unit: days, polls, pages. */
    public synchronized void progress(long done, Long total, String unit) {
        progress = new JobRun.Progress(done, total, unit);
    }

    /** What the run is doing now, in one line (replaced by the outcome when it ends). */
    public synchronized void note(String line) {
        note = line;
    }

    /** A dead letter this run produced. */
    @Override
    public synchronized void deadLettered(String id) {
        deadLetters.add(id);
    }

    synchronized boolean producedDeadLetters() {
        return !deadLetters.isEmpty();
    }

    /** A scheduled firing found this run going and was skipped; true for the first one. */
    synchronized boolean firingSkipped() {
        return ++skippedFirings == 1;
    }

    /** The run is about to wait at a throttle for its API's budget. */
    @Override
    public synchronized void waitingForBudget(String budget) {
        waitingFor = budget;
        waitingSince = Instant.now();
    }

    /** The throttle let the run through. */
    @Override
    public synchronized void budgetGranted() {
        if (waitingSince != null) {
            waitedMillis += Duration.between(waitingSince, Instant.now()).toMillis();
        }
        waitingSince = null;
    }

    /** The budget it waits for, once it has waited longer than {@code patience}, and only the first time: a run says so once. */
    synchronized Optional<String> longWaitToReport(Instant now, Duration patience) {
        if (waitReported || waitingSince == null || Duration.between(waitingSince, now).compareTo(patience) < 0) {
            return Optional.empty();
        }
        waitReported = true;
        return Optional.of(waitingFor);
    }

    /**
     * A progress line to log, at most every {@code every}, and only when it changed since the last
     * one or {@code quiet} has passed without any.
     */
    synchronized Optional<String> progressToLog(Instant now, Duration every, Duration quiet) {
        Duration since = Duration.between(lastLogged, now);
        if (since.compareTo(every) < 0) {
            return Optional.empty();
        }
        // a wait's growing seconds are no news: only progress, the live line or a new wait are
        String news = progress + "|" + note + "|" + (waitingSince != null);
        if (news.equals(lastNews) && since.compareTo(quiet) < 0) {
            return Optional.empty();
        }
        lastLogged = now;
        lastNews = news;
        return Optional.of(describe(now));
    }

    synchronized JobRun snapshot(Instant now) {
        return new JobRun(runId, job, trigger, JobRun.Status.RUNNING, startedAt, null, parameters, progress,
                describe(now), deadLetters, skippedFirings);
    }

    synchronized JobRun finish(JobRun.Status status, String outcome, Instant now) {
        if (waitingSince != null) {
            budgetGranted();
        }
        String summary = waitedMillis > JobRunWatch.PATIENCE.toMillis() ? outcome + "; waited " + waitedMillis / 1000 + " s for rate budget" : outcome;
        return new JobRun(runId, job, trigger, status, startedAt, now, parameters, progress, summary, deadLetters, skippedFirings);
    }

    private String describe(Instant now) {
        List<String> parts = new ArrayList<>();
        if (progress != null) {
            parts.add(progress.done() + (progress.total() == null ? "" : "/" + progress.total()) + " " + progress.unit());
        }
        if (note != null) {
            parts.add(note);
        }
        if (waitingSince != null && Duration.between(waitingSince, now).toSeconds() >= 1) {
            parts.add("waiting " + Duration.between(waitingSince, now).toSeconds() + " s for rate budget of " + waitingFor);
        }
        return parts.isEmpty() ? "running" : String.join("; ", parts);
    }
}
