package io.adrelay.ops;

import java.time.Instant;
import java.util.Map;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.storage.runs.JobRun;


/**
 * A run asked for while the job has one going, on this node or (cluster profile) another: answered 409 with that
 * run's id; never two runs of one job at once.
 */
public class JobAlreadyRunningException extends RequestRejectedException {

    private final transient RunningJob running;
    private final transient JobRun elsewhere;

    JobAlreadyRunningException(RunningJob running) {
        super(409, reason(running.job(), running.runId(), running.trigger(), running.startedAt(), null), Map.of("run_id", running.runId()));
        this.running = running;
        this.elsewhere = null;
    }

    /** The job held by a run of another node, as the shared history has it. */
    JobAlreadyRunningException(JobRun elsewhere) {
        super(409, reason(elsewhere.job(), elsewhere.runId(), elsewhere.trigger(), elsewhere.startedAt(), elsewhere.node()),
                Map.of("run_id", elsewhere.runId()));
        this.running = null;
        this.elsewhere = elsewhere;
    }

    private static String reason(String job, String runId, JobRun.Trigger trigger, Instant startedAt, String node) {
        return "job " + job + " is already running (run " + runId + ", " + trigger.label() + ", started " + startedAt
                + (node == null ? "" : ", on node " + node) + "); see /ops/runs/" + runId;
    }

    /** The run of this node that holds the job; null when another node's run holds it. */
    public RunningJob running() {
        return running;
    }

    /** The id of the run that holds the job. */
    public String runId() {
        return running != null ? running.runId() : elsewhere.runId();
    }
}
