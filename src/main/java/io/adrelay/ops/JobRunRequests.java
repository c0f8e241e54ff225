package io.adrelay.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.quartz.SchedulerException;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.storage.runs.JobRun;

/**
 * POST /ops/jobs/{id}/run, GET /ops/runs/{run_id} and GET /ops/runs?job=: a run is started and
 * answered 202 at once (its job's Quartz trigger fired, so it goes on on a Quartz thread, not this
 * HTTP worker), followed by its id, and listed from the history.
 */
public final class JobRunRequests {

    /** How long ?wait=true holds its HTTP worker: Vert.x flags a worker blocked for 60 s. */
    private static final long WAIT_SECONDS = 50;

    private final JobCatalog jobs;
    private final JobRuns runs;

    public JobRunRequests(JobCatalog jobs, JobRuns runs) {
        this.jobs = jobs;
        this.runs = runs;
    }

    /** GET /ops/jobs: every scheduled job, its cron, next and last run, last outcome. */
    public void jobs(Exchange e) throws Exception {
        WebhookResponses.reply(e, 200, Map.of("jobs", jobs.list()));
    }

    /**
     * 202 {run_id, job, status} + Location; with ?wait=true the outcome once the run ends (200, or 500
     * when it failed), as before runs were asynchronous; 409 with the running run's id when the job runs.
     */
    public void run(Exchange e) {
        String id = e.getIn().getHeader("id", String.class);
        Route route = jobs.find(id).orElseThrow(() -> new RequestRejectedException(404, "no scheduled job " + id));
        JobParameters parameters = OpsRequests.jobParameters(e.getIn().getBody(String.class));
        boolean wait = OpsRequests.waitForOutcome(e.getIn().getHeader("wait", String.class));
        jobs.requireStarted(route);
        RunningJob run = runs.begin(id, JobRun.Trigger.MANUAL, parameters.asMap());
        try {
            jobs.fire(route, run, parameters.headers());
        } catch (SchedulerException | RuntimeException refused) {
            runs.notStarted(run, String.valueOf(refused.getMessage()));
            throw new RequestRejectedException(503, "the run of " + id + " could not be started (" + refused.getMessage() + "); retry later")
                    .retryAfter(30);
        }
        CompletableFuture<JobRun> finished = run.finished();
        JobRun done = wait ? waitAtMost(finished) : null;
        if (done != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("job", id);
            result.put("run_id", done.runId());
            result.put("status", done.status().label());
            result.put("parameters", done.parameters());
            result.put("outcome", done.summary());
            result.put("dead_letters", done.deadLetters());
            WebhookResponses.reply(e, done.status() == JobRun.Status.SUCCEEDED ? 200 : 500, result);
            return;
        }
        // no wait asked, or the run outlasted the wait: the run goes on, and its Location says how it does
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("run_id", run.runId());
        started.put("job", id);
        started.put("status", JobRun.Status.RUNNING.label());
        WebhookResponses.reply(e, 202, started);
        e.getMessage().setHeader("Location", "/ops/runs/" + run.runId());
    }

    /** The run's end, waited for on this HTTP worker (never the event loop) for WAIT_SECONDS; null when it runs on. */
    private static JobRun waitAtMost(CompletableFuture<JobRun> finished) {
        try {
            return finished.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public void show(Exchange e) {
        String runId = e.getIn().getHeader("run_id", String.class);
        JobRun run = runs.find(runId).orElseThrow(() -> new RequestRejectedException(404, "no run " + runId));
        WebhookResponses.reply(e, 200, run.toJson());
    }

    /** ?job=<id>: that job's runs, newest first; without it every job's. */
    public void list(Exchange e) {
        String job = e.getIn().getHeader("job", String.class);
        List<JobRun> history;
        if (job == null || job.isBlank()) {
            history = runs.history();
        } else {
            if (jobs.find(job).isEmpty() && !runs.jobsWithHistory().contains(job)) {
                throw new RequestRejectedException(404, "no job " + job + " (neither scheduled nor in the run history)");
            }
            history = runs.history(job);
        }
        List<ObjectNode> answer = history.stream().map(JobRun::toJson).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        if (job != null && !job.isBlank()) {
            body.put("job", job);
        }
        body.put("runs", answer);
        WebhookResponses.reply(e, 200, body);
    }
}
