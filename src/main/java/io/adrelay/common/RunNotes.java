package io.adrelay.common;

import java.util.Optional;

/**
 * What the shared machinery tells the job run its thread works for (ops' RunningJob): waits for an API's budget and
 * the dead letters it makes. Here so that the lowest package needs nothing above it: ops registers the run.
 */
public interface RunNotes {

    /** The calling thread waits at an API's budget (named). */
    void waitingForBudget(String budget);

    /** The budget let the call through. */
    void budgetGranted();

    /** A dead letter the run produced. */
    void deadLettered(String id);

    /** The run this thread works for, if any. */
    static Optional<RunNotes> current() {
        return Optional.ofNullable(Holder.CURRENT.get());
    }

    /** This thread works for the run (null: for none). */
    static void setCurrent(RunNotes run) {
        if (run == null) {
            Holder.CURRENT.remove();
        } else {
            Holder.CURRENT.set(run);
        }
    }

    /** The thread's run, out of the interface's public face. */
    final class Holder {
        private static final ThreadLocal<RunNotes> CURRENT = new ThreadLocal<>();

        private Holder() {
        }
    }
}
