package io.adrelay.common.egress;

import java.time.Duration;

/**
 * One egress route's rate budget, counted where the profile counts it: in this JVM ({@link EgressBudget}, the embedded
 * default) or for the sum of the nodes ({@link PostgresRateBudgets}, the cluster profile). {@link EgressBudgets} asks
 * its {@link Source} for one per route and budget; the routes never know which they got.
 */
public interface RateBudget {

    /** Waits for a permit; the call that asked holds it until its answer (or failure), then gives it back once. */
    Permit take() throws InterruptedException;

    /** Requests the API may count in its current window: in flight, or answered less than a period ago. */
    int inWindow();

    /** A permit held by one call. */
    @FunctionalInterface
    interface Permit {
        /**
         * The call ended; {@code retryAfter} is the wait a 429 asked for (null for any other outcome): a budget shared
         * by the nodes pauses for every node meanwhile, the in-JVM one leaves it to the call's own retry.
         */
        void release(Duration retryAfter);
    }

    /** Makes the budget of an egress route: {@code requests} per {@code periodMs}. */
    @FunctionalInterface
    interface Source {
        RateBudget budget(String route, int requests, long periodMs);
    }
}
