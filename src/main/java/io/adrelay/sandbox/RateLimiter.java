package io.adrelay.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding-window limit: at most N requests in any window; a refused request uses no permit. */
public final class RateLimiter {

    private final int permits;
    private final long windowNanos;
    private final Deque<Long> granted = new ArrayDeque<>();

    public RateLimiter(int permits, Duration window) {
        this.permits = permits;
        this.windowNanos = window.toNanos();
    }

    /** 0 when allowed (and counted); otherwise the whole seconds to wait, at least 1. */
    public synchronized long tryAcquire() {
        long now = System.nanoTime();
        while (!granted.isEmpty() && now - granted.peekFirst() >= windowNanos) {
            granted.pollFirst();
        }
        if (granted.size() < permits) {
            granted.addLast(now);
            return 0;
        }
        long waitNanos = windowNanos - (now - granted.peekFirst());
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
