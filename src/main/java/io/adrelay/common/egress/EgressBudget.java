package io.adrelay.common.egress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An API's rate budget for one egress route: at most {@code permits} requests in any {@code period}, counted
 * the way the API counts them. A permit is taken before a call and given back one period after the call's
 * answer (or failure), not after its start: the API sees a request arrive somewhere between the two, so however
 * late a request leaves (a busy machine, a pause), no window at the API ever holds more than the budget. Camel's
 * throttle counts from the start, and a request delayed after it looks to the API like a burst.
 */
public final class EgressBudget implements RateBudget {

    private final int permits;
    private final long periodNanos;
    private final LongSupplier clock;
    /** When each permit given back recently becomes free again, oldest first. */
    private final Deque<Long> returning = new ArrayDeque<>();
    private int inFlight;

    public EgressBudget(int permits, long periodMillis) {
        this(permits, periodMillis, System::nanoTime);
    }

    EgressBudget(int permits, long periodMillis, LongSupplier clock) {
        if (permits < 1 || periodMillis < 0) {
            throw new IllegalArgumentException("a budget needs at least one request per period, not " + permits + " per " + periodMillis + " ms");
        }
        this.permits = permits;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.clock = clock;
    }

    /** A permit of this JVM: a 429's Retry-After is left to the call's own retry (see RetryPolicy). */
    @Override
    public Permit take() throws InterruptedException {
        acquire();
        return (Duration retryAfter) -> release();
    }

    /** Waits for a permit; true when it had to wait (the run says it waited for its API's budget). */
    public synchronized boolean acquire() throws InterruptedException {
        boolean waited = false;
        long wait;
        while ((wait = waitNanos()) > 0) {
            waited = true;
            TimeUnit.NANOSECONDS.timedWait(this, wait);
        }
        inFlight++;
        return waited;
    }

    /** The call is answered or failed: its permit is free again one period from now. */
    public synchronized void release() {
        if (inFlight == 0) {
            throw new IllegalStateException("a budget permit given back that was not taken");
        }
        inFlight--;
        returning.addLast(clock.getAsLong() + periodNanos);
        notifyAll();
    }

    /** Requests the API may count in its current window: those in flight and those answered less than a period ago. */
    @Override
    public synchronized int inWindow() {
        waitNanos();
        return inFlight + returning.size();
    }

    /** How long until a permit is free: 0 now; else until the oldest returning one is back (or a call ends). */
    synchronized long waitNanos() {
        long now = clock.getAsLong();
        while (!returning.isEmpty() && returning.peekFirst() - now <= 0) {
            returning.pollFirst();
        }
        if (inFlight + returning.size() < permits) {
            return 0;
        }
        return returning.isEmpty() ? TimeUnit.SECONDS.toNanos(1) : returning.peekFirst() - now;
    }
}
