package io.adrelay.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.adrelay.TestPostgres;
import io.adrelay.common.intake.TrackingIds;

/**
 * bench/cluster-intake.sh: the webhook intake of 1 and then 3 adrelay nodes in the cluster profile, each setup on a
 * fresh PostgreSQL (TestPostgres, fsync on as in production) and a fresh shared data dir. The nodes are the jar as
 * child processes (flows statlas, Statlas and Drive pointed at a closed port: the events are stored, not acted on);
 * wrk drives them (bench/cluster-intake.lua: its threads spread over the nodes, the connections over the threads)
 * for a warm-up, then for the measured seconds. Prints per setup the 202s per second, the share of other answers and
 * the p99; then the drain alone: once the load has stopped and the nodes have taken what it left, bench.drain-events
 * (3,000) events stored at once in adrelay_intake, and the events per second until none is pending; the ratio 3 nodes / 1 node; and per setup the rows in adrelay_intake against the 202s counted (every
 * acknowledged request stored: rows never fewer; a few more is a request answered after wrk stopped counting).
 * <p>
 * Usage (from target/test-classes, the test class path and the jar; never shipped):
 * {@code ClusterIntakeBench <adrelay.jar> <cluster-intake.lua> <work dir> [seconds] [connections]}
 */
public final class ClusterIntakeBench {

    private static final String WEBHOOK_SECRET = "bench-webhook-secret";
    private static final int WARM_UP_SECONDS = 5;
    private static final Duration READY = Duration.ofSeconds(180);
    /**
     * adrelay.intake.max-pending of the nodes (-Dbench.max-pending; shipped: 10,000): raised so that the figure is the
     * intake's, not the drain's (one node drains these events slower than it takes them, and answers 503 at the bound).
     */
    private static final String MAX_PENDING = System.getProperty("bench.max-pending", "1000000");
    /** Events stored straight into adrelay_intake once the load has stopped, for the drain alone (-Dbench.drain-events). */
    private static final int DRAIN_EVENTS = Integer.getInteger("bench.drain-events", 3000);
    private static final Duration DRAINED = Duration.ofMinutes(5);

    private ClusterIntakeBench() {
    }

    /** The statlas/events rows of adrelay_intake at the end: all, and those still pending (the rest were drained). */
    private record Rows(long all, long pending) {
    }

    /** One setup's figures: the measured run, and the stored rows against every 202 (warm-up included). */
    private record Setup(int nodes, int connections, WrkRun run, long acknowledged, Rows rows, String load, double drainedPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ClusterIntakeBench <adrelay.jar> <cluster-intake.lua> <work dir> [seconds] [connections]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path script = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int seconds = positive(args, 3, 15);
        int connections = positive(args, 4, 64);
        List<Setup> setups = new ArrayList<>();
        for (int nodes : List.of(1, 3)) {
            Setup setup = measure(nodes, jar, script, work.resolve(nodes + "-nodes"), seconds, connections);
            setups.add(setup);
            System.out.printf(Locale.ROOT, "cluster-intake-%d-nodes  %8.0f ack/s  non-202 %5.1f %%  p99 %8.1f ms  (%d connections, %d s,"
                    + " max-pending %s; load average %s)%n", nodes, setup.run().acceptedPerSecond(), setup.run().otherPercent(), setup.run().p99Millis(),
                    setup.connections(), seconds, MAX_PENDING, setup.load());
            System.out.printf(Locale.ROOT, "cluster-drain-%d-nodes   %8.0f events/s  (%d events stored at once, then taken by the nodes'"
                    + " consumers with no load; load average %s)%n", nodes, setup.drainedPerSecond(), DRAIN_EVENTS, loadAverage());
        }
        Setup one = setups.get(0);
        Setup three = setups.get(1);
        System.out.printf(Locale.ROOT, "cluster-intake-ratio     %8.2f (3 nodes / 1 node, ack/s; every node, wrk and PostgreSQL on this one"
                + " machine)%n", three.run().acceptedPerSecond() / one.run().acceptedPerSecond());
        long lost = 0;
        for (Setup setup : setups) {
            lost += Math.max(0, setup.acknowledged() - setup.rows().all());
            System.out.printf(Locale.ROOT, "cluster-intake-stored-%d-nodes  rows %d  acknowledged %d (warm-up included)  still pending %d%n",
                    setup.nodes(), setup.rows().all(), setup.acknowledged(), setup.rows().pending());
        }
        System.out.println("cluster-intake-lost      " + lost + (lost == 0 ? "" : "  ACKNOWLEDGED REQUESTS NOT STORED"));
        System.exit(lost == 0 ? 0 : 1);
    }

    private static Setup measure(int nodes, Path jar, Path script, Path work, int seconds, int connections) throws Exception {
        // one wrk thread per node, at least two (as bench/intake.sh); wrk gives each thread connections / threads
        int threads = Math.max(2, nodes);
        int used = connections / threads * threads;
        Path shared = work.resolve("shared");
        List<AdrelayProcess> started = new ArrayList<>();
        try (TestPostgres postgres = TestPostgres.startDurable()) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                AdrelayProcess node = node(jar, work.resolve("node" + i), shared, "bench-node" + i, postgres);
                started.add(node);
                // one after the other: the first marks the fresh shared dir as the cluster's before the others look at it
                node.start(READY);
                ports.add(node.uri("/").getPort());
            }
            String prefix = nodes + "n-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            WrkRun warmUp = WrkRun.run(script, ports, threads, connections, WARM_UP_SECONDS, env(prefix + "w"));
            WrkRun run = WrkRun.run(script, ports, threads, connections, seconds, env(prefix + "m"));
            String load = loadAverage();
            Rows rows = rows(postgres);
            return new Setup(nodes, used, run, warmUp.accepted() + run.accepted(), rows, load, drain(postgres));
        } finally {
            for (AdrelayProcess node : started) {
                node.close();
            }
        }
    }

    private static AdrelayProcess node(Path jar, Path work, Path shared, String name, TestPostgres postgres) {
        return new AdrelayProcess(jar, work, shared, "statlas")
                .env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", name)
                .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER)
                .env("ADRELAY_DB_PASSWORD", postgres.password())
                .env("STATLAS_API_KEY", "bench-key").env("STATLAS_WEBHOOK_SECRET", WEBHOOK_SECRET)
                .env("STATLAS_DRIVE_FOLDER_ID", "root").env("GOOGLE_DRIVE_ACCESS_TOKEN", "bench-token")
                // nothing listens there: no event is acted on, Drive's poll fails quietly
                .env("STATLAS_BASE_URL", "http://127.0.0.1:9").env("GOOGLE_DRIVE_ROOT_URL", "http://127.0.0.1:9/")
                .property("adrelay.intake.max-pending", MAX_PENDING);
    }

    /**
     * The drain alone: once the nodes have taken what the load left, {@link #DRAIN_EVENTS} events stored at once (as the
     * intake stores them, in one transaction), and the time until none is pending.
     */
    private static double drain(TestPostgres postgres) throws Exception {
        waitForNonePending(postgres);
        try (Connection connection = postgres.connect();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO adrelay_intake (queue, id, body) VALUES ('statlas/events', ?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < DRAIN_EVENTS; i++) {
                String id = TrackingIds.next();
                String event = "{\"tracking_id\":\"" + id + "\",\"received_at\":\"" + Instant.now() + "\",\"event\":{\"event\":\"batch.noted\","
                        + "\"data\":{\"batch_id\":\"D" + i + "\",\"shop\":\"bench\"}}}";
                insert.setString(1, id);
                insert.setBytes(2, event.getBytes(StandardCharsets.UTF_8));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        long start = System.nanoTime();
        waitForNonePending(postgres);
        return DRAIN_EVENTS / ((System.nanoTime() - start) / 1e9);
    }

    private static void waitForNonePending(TestPostgres postgres) {
        await().atMost(DRAINED).pollInterval(Duration.ofMillis(50)).until(() -> rows(postgres).pending() == 0);
    }

    private static Map<String, String> env(String batchPrefix) {
        return Map.of("WEBHOOK_TOKEN", WEBHOOK_SECRET, "BATCH_PREFIX", batchPrefix);
    }

    private static Rows rows(TestPostgres postgres) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE state = 'pending') FROM adrelay_intake"
                        + " WHERE queue = 'statlas/events'")) {
            count.next();
            return new Rows(count.getLong(1), count.getLong(2));
        }
    }

    /** The machine's 1-minute load average at the end of a run: the other work that shared its cores. */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static int positive(String[] args, int index, int otherwise) {
        if (args.length <= index) {
            return otherwise;
        }
        int value = Integer.parseInt(args[index]);
        if (value <= 0) {
            throw new IllegalArgumentException("expected a positive number, got " + args[index]);
        }
        return value;
    }
}
