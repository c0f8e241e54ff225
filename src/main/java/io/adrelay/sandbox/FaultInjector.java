package io.adrelay.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/** Faults queued for the next requests, optionally only for paths under a prefix. */
public final class FaultInjector {

    private record Pending(String pathPrefix, Fault fault) {
    }

    private final Deque<Pending> queue = new ArrayDeque<>();

    public FaultInjector next(int n, Fault fault) {
        return next(n, "", fault);
    }

    public synchronized FaultInjector next(int n, String pathPrefix, Fault fault) {
        for (int i = 0; i < n; i++) {
            queue.add(new Pending(pathPrefix, fault));
        }
        return this;
    }

    public synchronized void clear() {
        queue.clear();
    }

    public synchronized int pending() {
        return queue.size();
    }

    /** The first queued fault that applies to this path, taken off the queue; null when none. */
    synchronized Fault take(String path) {
        for (Pending p : queue) {
            if (path.startsWith(p.pathPrefix())) {
                queue.remove(p);
                return p.fault();
            }
        }
        return null;
    }
}
