package io.adrelay.common.storage.runs;

import java.time.Instant;

/**
 * A store shared by the nodes refused a second running run of a job: another run of it, on this node or another,
 * is running. What the ops endpoints answer with 409 and the holder's run id.
 */
public final class RunRefusedException extends RuntimeException {

    private final String job;
    private final String runningRunId;
    private final String runningNode;
    private final Instant runningStartedAt;

    public RunRefusedException(String job, String runningRunId, String runningNode) {
        this(job, runningRunId, runningNode, null);
    }

    public RunRefusedException(String job, String runningRunId, String runningNode, Instant runningStartedAt) {
        super("job " + job + " is running already: run " + runningRunId + (runningNode == null ? "" : " on node " + runningNode));
        this.job = job;
        this.runningRunId = runningRunId;
        this.runningNode = runningNode;
        this.runningStartedAt = runningStartedAt;
    }

    /** When the holder's run began; null when it ended between the refusal and the look-up. */
    public Instant runningStartedAt() {
        return runningStartedAt;
    }

    public String job() {
        return job;
    }

    /** The run holding the job; null when it ended between the refusal and the look-up. */
    public String runningRunId() {
        return runningRunId;
    }

    public String runningNode() {
        return runningNode;
    }
}
