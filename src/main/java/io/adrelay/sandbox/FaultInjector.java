package io.adrelay.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/** Faults queued for the next requests, optionally only for paths under a prefix (and one method). */
public final class FaultInjector {

    /** A method of null applies to any. */
    private record Pending(String method, String pathPrefix, Fault fault) {
    }

    private final Deque<Pending> queue = new ArrayDeque<>();

    public FaultInjector next(int n, Fault fault) {
        return next(n, "", fault);
    }

    public FaultInjector next(int n, String pathPrefix, Fault fault) {
        return next(n, null, pathPrefix, fault);
    }

    /** e.g. the next POST to a collection, not the GET that lists it. */
    public synchronized FaultInjector next(int n, String method, String pathPrefix, Fault fault) {
        for (int i = 0; i < n; i++) {
            queue.add(new Pending(method, pathPrefix, fault));
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
    synchronized Fault take(String method, String path) {
        for (Pending p : queue) {
            if ((p.method() == null || p.method().equals(method)) && path.startsWith(p.pathPrefix())) {
                queue.remove(p);
                return p.fault();
            }
        }
        return null;
    }
}
