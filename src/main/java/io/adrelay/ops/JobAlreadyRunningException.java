package io.adrelay.ops;

import java.util.Map;
import io.adrelay.common.intake.RequestRejectedException;


/** A run asked for while the job has one going: answered 409 with that run's id; never two runs of one job at once. */
public class JobAlreadyRunningException extends RequestRejectedException {

    private final transient RunningJob running;

    JobAlreadyRunningException(RunningJob running) {
        super(409, "job " + running.job() + " is already running (run " + running.runId() + ", " + running.trigger().label()
                + ", started " + running.startedAt() + "); see /ops/runs/" + running.runId(), Map.of("run_id", running.runId()));
        this.running = running;
    }

    /** The run that holds the job. */
    public RunningJob running() {
        return running;
    }
}
