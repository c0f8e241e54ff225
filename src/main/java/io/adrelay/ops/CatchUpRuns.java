package io.adrelay.ops;

import org.apache.camel.Exchange;
import io.adrelay.common.storage.runs.JobRun;

/**
 * A catch-up at start as route steps (bean catchUpRuns): {@code begin} makes the exchange a run of the job (trigger
 * catch-up), once no other run of it goes; the route then sends it to the job's route; {@code failed} (in the doCatch)
 * and {@code end} (in the doFinally) record how it ended. The run is in the job's history and last_run like any other.
 */
public final class CatchUpRuns {

    /** Exchange property: what the run's work threw (its route did not handle it). */
    static final String FAILURE = "AdrelayRunFailure";

    private final JobRuns runs;

    public CatchUpRuns(JobRuns runs) {
        this.runs = runs;
    }

    /** Body: a {@link CatchUp}. Waits for a run of its job going to end, begins the run, and sets the headers its route reads. */
    public void begin(Exchange e) {
        CatchUp catchUp = e.getIn().getBody(CatchUp.class);
        RunningJob run = runs.beginWhenIdle(catchUp.job(), JobRun.Trigger.CATCH_UP, catchUp.parameters());
        e.setProperty(RunningJob.PROPERTY, run);
        e.getIn().getHeaders().putAll(catchUp.headers());
        e.getIn().setBody(null);
        // the route runs on this thread: its dead letters and log lines are the run's
        run.enter();
    }

    /** The run's work threw: the run records it, and the catch-up goes on with the next. */
    public void failed(Exchange e) {
        e.setProperty(FAILURE, e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Ends the run begun on this exchange, with its outcome. */
    public void end(Exchange e) {
        RunningJob run = e.getProperty(RunningJob.PROPERTY, RunningJob.class);
        if (run == null) {
            return;
        }
        try {
            runs.finish(run, e, e.getProperty(FAILURE, Throwable.class));
        } finally {
            RunningJob.leave();
            e.removeProperty(RunningJob.PROPERTY);
            e.removeProperty(FAILURE);
        }
    }
}
