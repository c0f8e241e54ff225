package io.adrelay.common.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.storage.StoreDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared inbox's read lock on a real PostgreSQL and real files: two Camel contexts are two nodes polling one folder
 * with the inbox routes' read lock (idempotent-changed on {@link PostgresInboxReadLocks}). Each file is taken by one
 * node although both see it while the other holds it; a lock whose node died (its lease not renewed) is taken over
 * once the lease has run out; a file still being written is not taken until it has stopped changing.
 */
class InboxReadLocksPostgresIT {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_inbox_locks");

    @TempDir
    Path tmp;

    private final List<CamelContext> nodes = new ArrayList<>();
    /** file name -> the nodes that read it, in order. */
    private final Map<String, List<String>> takenBy = new ConcurrentHashMap<>();
    private final Map<String, Integer> lengthRead = new ConcurrentHashMap<>();
    private final Map<String, Instant> takenAt = new ConcurrentHashMap<>();
    /** Never released while a test runs: a held file is held for its whole slow work. */
    private final CountDownLatch holding = new CountDownLatch(1);

    @AfterEach
    void stopNodes() throws Exception {
        holding.countDown();
        for (CamelContext node : nodes) {
            node.close();
        }
    }

    /** A node polling the inbox every 100 ms with the inbox routes' read lock; each file it takes may be held 1.5 s. */
    private void node(String name, Path inbox, boolean holdFiles) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("inboxReadLocks", new PostgresInboxReadLocks(db.dataSource(), name, Duration.ofSeconds(2)));
        // a lambda, not a RouteBuilder class: camel-main's scan of io.adrelay in the tests' JVMs would find one and fail on it
        RouteBuilder.addRoutes(context, routes -> routes.from("file:" + inbox + "?move=.done&delay=100&readLock=idempotent-changed&readLockMinAge=300&readLockCheckInterval=100"
                        + "&idempotentRepository=#inboxReadLocks&idempotent=false&readLockRemoveOnCommit=true"
                        + "&readLockIdempotentReleaseDelay=1000&readLockIdempotentReleaseAsync=true")
                        .routeId(name)
                .process(e -> taken(name, e, holdFiles)));
        context.start();
        nodes.add(context);
    }

    private void taken(String node, Exchange e, boolean hold) throws InterruptedException {
        String file = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        takenBy.computeIfAbsent(file, f -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(node);
        takenAt.putIfAbsent(file, Instant.now());
        lengthRead.put(file, e.getIn().getBody(byte[].class).length);
        if (hold) {
            // slow work: the file stays in the inbox, in the other node's sight, for 1.5 s
            holding.await(1500, TimeUnit.MILLISECONDS);
        }
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Path staging = Files.createDirectories(inbox.resolveSibling("staging")).resolve(name);
        Files.writeString(staging, content);
        Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void eachFileIsTakenByOneNodeThoughBothSeeItWhileTheOtherHoldsIt() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add("drop-" + i + ".json");
            drop(inbox, names.get(i), "[" + i + "]");
        }
        node("node-a", inbox, true);
        node("node-b", inbox, true);
        // each file is held 1.5 s by the node that took it, while the other polls the folder every 100 ms
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() ->
                names.stream().allMatch(n -> Files.exists(inbox.resolve(".done").resolve(n))));
        Map<String, List<String>> twice = new java.util.TreeMap<>();
        takenBy.forEach((file, by) -> {
            if (by.size() > 1) {
                twice.put(file, by);
            }
        });
        assertEquals(Map.of(), twice, "files read by more than one node");
        try (var left = Files.list(inbox)) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "files left in the inbox");
        }
    }

    @Test
    void aFileLockedByANodeThatDiedIsTakenOnceItsLeaseHasRunOut() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        drop(inbox, "orphan.json", "[1]");
        // a node took the file, then died: its lock is never renewed nor given back
        PostgresInboxReadLocks dead = new PostgresInboxReadLocks(db.dataSource(), "node-dead", Duration.ofMillis(2500));
        Instant locked = Instant.now();
        assertTrue(dead.add(inbox.resolve("orphan.json").toAbsolutePath().toString()));
        node("node-b", inbox, false);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                Files.exists(inbox.resolve(".done").resolve("orphan.json")));
        Duration after = Duration.between(locked, takenAt.get("orphan.json"));
        assertTrue(after.compareTo(Duration.ofMillis(2400)) >= 0, "taken " + after.toMillis() + " ms after a node locked it for 2500 ms");
        assertEquals(List.of("node-b"), takenBy.get("orphan.json"));
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilItHasStoppedChanging() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path growing = inbox.resolve("growing.csv");
        Files.writeString(growing, "id,title\n");
        node("node-a", inbox, false);
        node("node-b", inbox, false);
        // a slow writer: a line every 100 ms for 2 s
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        int lines = 20;
        CountDownLatch written = new CountDownLatch(lines);
        writer.scheduleAtFixedRate(() -> {
            if (written.getCount() > 0) {
                try {
                    Files.writeString(growing, "row-" + written.getCount() + ",title\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                written.countDown();
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        try {
            assertTrue(written.await(20, TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }
        assertFalse(takenBy.containsKey("growing.csv"), "taken while it was being written");
        long whole = Files.size(growing);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> takenBy.containsKey("growing.csv"));
        assertEquals(whole, (long) lengthRead.get("growing.csv"), "read whole");
        assertEquals(1, takenBy.get("growing.csv").size(), "read by one node");
    }
}
