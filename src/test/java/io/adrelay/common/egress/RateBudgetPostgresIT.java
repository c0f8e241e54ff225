package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's budget on a real PostgreSQL: two {@link PostgresRateBudgets} on one database are two nodes. Together
 * they never let more calls into a window than the budget; a 429 on one node pauses the other; a permit a node never
 * gives back (it died) stays out of use until its lease and a period have passed.
 */
class RateBudgetPostgresIT {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_rate_permits", "adrelay_rate_budgets");

    private static RateBudget node(String name, String route, int requests, long periodMs, Duration lease) {
        return new PostgresRateBudgets(db.dataSource(), name, lease, Duration.ofSeconds(5)).budget(route, requests, periodMs);
    }

    /**
     * Eight callers on each of two nodes, 5 calls per 400 ms between them: each call notes when it happens (while it holds
     * its permit, as the API would see it), and no 400 ms window holds more than 5 of them, though each node alone would
     * let 5 through.
     */
    @Test
    void twoNodesTogetherNeverLetMoreCallsIntoAWindowThanTheBudget() throws Exception {
        int limit = 5;
        long periodMs = 400;
        List<RateBudget> nodes = List.of(node("node-a", "apisync-egress-write", limit, periodMs, Duration.ofSeconds(30)),
                node("node-b", "apisync-egress-write", limit, periodMs, Duration.ofSeconds(30)));
        List<Long> calls = Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RateBudget node = nodes.get(i % 2);
                work.add(() -> {
                    for (int c = 0; c < 3; c++) {
                        RateBudget.Permit permit = node.take();
                        calls.add(System.nanoTime());
                        permit.release(null);
                    }
                    return null;
                });
            }
            for (Future<Void> done : callers.invokeAll(work, 60, TimeUnit.SECONDS)) {
                done.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(48, calls.size());
        int most = mostInAWindow(calls, TimeUnit.MILLISECONDS.toNanos(periodMs));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("RateBudgetPostgresIT: 48 calls from 2 nodes, budget " + limit + " per " + periodMs + " ms: at most " + most
                + " in a window, " + tookMs + " ms in all");
        assertTrue(most <= limit, most + " calls in one " + periodMs + " ms window");
        // and the budget is used, not starved: 48 calls at 5 per (period + a call) take about 10 periods
        assertEquals(limit, most, "the budget is used whole in some window");
    }

    @Test
    void aTooManyRequestsOnOneNodePausesTheOtherForItsRetryAfter() throws Exception {
        RateBudget a = node("node-a", "snap-egress-api", 10, 1000, Duration.ofSeconds(30));
        RateBudget b = node("node-b", "snap-egress-api", 10, 1000, Duration.ofSeconds(30));
        a.take().release(Duration.ofSeconds(2));
        long before = System.nanoTime();
        b.take().release(null);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertTrue(waitedMs >= 1800, "node b took a permit " + waitedMs + " ms after node a's 429 asked for 2 s");
    }

    @Test
    void aPermitANodeNeverGaveBackStaysOutUntilItsLeaseAndAPeriodHavePassed() throws Exception {
        RateBudget dead = node("node-a", "bsa-egress-get", 1, 200, Duration.ofMillis(1500));
        RateBudget alive = node("node-b", "bsa-egress-get", 1, 200, Duration.ofMillis(1500));
        long taken = System.nanoTime();
        dead.take();
        assertEquals(1, alive.inWindow(), "held by node a");
        alive.take().release(null);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - taken);
        assertTrue(waitedMs >= 1650, "node b took node a's permit " + waitedMs + " ms after node a took it");
    }

    @Test
    void aBudgetLoweredInARouteFileUsesItsFirstPermitsOnly() throws Exception {
        RateBudget wide = node("node-a", "statlas-egress-post", 3, 10_000, Duration.ofSeconds(30));
        RateBudget narrow = node("node-b", "statlas-egress-post", 1, 10_000, Duration.ofSeconds(30));
        wide.take();
        wide.take();
        wide.take();
        assertEquals(1, narrow.inWindow(), "the lowered budget counts its one permit, in use");
        assertEquals(3, wide.inWindow());
    }

    /** The most notes in any window of the given length. */
    static int mostInAWindow(List<Long> times, long windowNanos) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int most = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= windowNanos) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
