package io.adrelay.common.storage.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intake contract on adrelay_intake of a real PostgreSQL ("reopened" is another node's store), and what the
 * cluster adds: two nodes never claim the same request, and a dead node's claim is taken over once its lease passed.
 */
class IntakeStorePostgresIT extends IntakeStoreContract {

    private static final String QUEUE = "apisync/requests";
    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_intake");

    @Override
    protected IntakeStore store() {
        return node("node-a");
    }

    @Override
    protected IntakeStore reopened() {
        return node("node-b");
    }

    private static PostgresIntakeStore node(String name) {
        return new PostgresIntakeStore(db.dataSource(), QUEUE, name);
    }

    @Test
    void aRequestClaimedByOneNodeIsNotAnothersUntilItsNodeIsGoneAndItsLeaseHasPassed() {
        PostgresIntakeStore a = node("node-a");
        IntakeStore b = node("node-b");
        a.add(FIRST, bytes("{}"));
        a.add(SECOND, bytes("{}"));
        a.add(THIRD, bytes("{}"));
        assertEquals(List.of(FIRST, SECOND), a.claim(2, Duration.ofMillis(600)));
        assertEquals(List.of(THIRD), b.claim(10, Duration.ofMinutes(1)));
        // a's own claim again: nothing of b's
        assertEquals(List.of(FIRST, SECOND), a.claim(10, Duration.ofMillis(600)));
        // a lives on, well past its lease: its heartbeat keeps them a's
        IntakeStore c = node("node-c");
        Instant alive = Instant.now().plusMillis(2000);
        while (Instant.now().isBefore(alive)) {
            assertEquals(List.of(), c.claim(10, Duration.ofMinutes(1)), "a living node's claims stay its own");
        }
        // a dies: once its lease has passed, b takes its requests over
        a.close();
        Instant deadline = Instant.now().plusSeconds(10);
        List<String> taken = List.of();
        while (taken.size() < 3 && Instant.now().isBefore(deadline)) {
            taken = b.claim(10, Duration.ofMinutes(1));
        }
        assertEquals(List.of(FIRST, SECOND, THIRD), taken);
        assertEquals(List.of(), a.claim(10, Duration.ofMinutes(1)), "b holds them now");
        b.done(FIRST);
        // a comes back late and finishes what b took: it stays done once
        a.done(FIRST);
        assertTrue(a.isDone(FIRST));
        a.release(SECOND);
        assertEquals(List.of(), a.claim(10, Duration.ofMinutes(1)), "a releases only its own claims");
        b.release(SECOND);
        assertEquals(List.of(SECOND), a.claim(10, Duration.ofMinutes(1)), "released: any node's next claim");
        a.close();
    }

    @Test
    void threeNodesClaimingAtOnceEachTakeEveryRequestOnceAndNoneTwice() throws Exception {
        IntakeStore writer = node("writer");
        int requests = 300;
        for (int i = 0; i < requests; i++) {
            writer.add(String.format("01a00000-0000-7000-8000-%012d", i), bytes("{}"));
        }
        Map<String, String> takenBy = new ConcurrentHashMap<>();
        List<String> twice = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String name : List.of("n1", "n2", "n3")) {
                IntakeStore store = node(name);
                running.add(nodes.submit(() -> {
                    List<String> claimed;
                    while (!(claimed = store.claim(7, Duration.ofMinutes(1))).isEmpty()) {
                        for (String id : claimed) {
                            if (takenBy.putIfAbsent(id, name) != null) {
                                twice.add(id);
                            }
                            store.done(id);
                        }
                    }
                }));
            }
            for (Future<?> node : running) {
                node.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(List.of(), twice);
        assertEquals(requests, takenBy.size());
        assertEquals(0, writer.pendingCount());
    }

    @Test
    void queuesAreApart() {
        IntakeStore events = new PostgresIntakeStore(db.dataSource(), "statlas/events", "node-a");
        events.add(FIRST, bytes("{}"));
        assertEquals(0, store().pendingCount());
        assertEquals(List.of(), store().claim(10, Duration.ofMinutes(1)));
        assertEquals(1, events.pendingCount());
    }

    /**
     * The hourly forgetting reads the done rows it deletes through the primary key, bounded by the first id of the cutoff
     * (ids begin with their arrival time): without that bound it scans a month of done requests each hour. The plan is
     * asked for with sequential scans discouraged, so that a small table shows the index it would use.
     */
    @Test
    void forgettingDoneRequestsReadsOnlyIdsBeforeTheCutoff() throws Exception {
        Instant before = Instant.parse("2026-11-01T00:00:00Z");
        StringBuilder plan = new StringBuilder();
        try (Connection connection = db.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + PostgresIntakeStore.FORGET)) {
                Object[] parameters = PostgresIntakeStore.forgetParameters(QUEUE, before);
                for (int i = 0; i < parameters.length; i++) {
                    explain.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        assertTrue(plan.toString().matches("(?s).*Index Cond: .*\\(id\\)::text < .*"), plan.toString());

        // and what it deletes: done before the cutoff, nothing else
        IntakeStore store = store();
        String old = TrackingIds.of(before.minusSeconds(60).toEpochMilli(), 1, 1);
        store.add(old, bytes("{}"));
        store.add(FIRST, bytes("{}"));
        store.claim(10, Duration.ofMinutes(1)).forEach(id -> store.done(id));
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE adrelay_intake SET finished_at = TIMESTAMPTZ '2026-10-31T23:59:00Z' WHERE id = '" + old + "'");
        }
        store.forgetDoneBefore(before);
        assertFalse(store.isDone(old), "done before the cutoff");
        assertTrue(store.isDone(FIRST), "arrived before the cutoff, done after it");
    }
}
