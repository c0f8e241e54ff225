package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.StatlasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three adrelay JVMs in the cluster profile on one real PostgreSQL (TestPostgres), sharing one data dir (each under its
 * own ADRELAY_NODE_NAME), against the Statlas and Drive simulators. Statlas reconciliation fires every 2 s: each
 * tick runs once across the nodes (the runs of every node, and the simulator's count of the GET each run makes);
 * with the database stopped every node reports not ready, and ready again once it is back, without a restart; a node
 * killed while it runs the job has that firing recovered by another node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String STATLAS_KEY = "statlas-key-cluster-0001";
    static final String DRIVE_TOKEN = "drive-token-cluster";
    static final String JOB = "statlas-reconcile-batches";
    static final Duration PERIOD = Duration.ofSeconds(2);

    @TempDir
    static Path tmp;

    static TestPostgres postgres;
    static StatlasSimulator statlas;
    static DriveSimulator drive;
    static final List<ChildRuntime> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = TestPostgres.start();
        statlas = new StatlasSimulator(STATLAS_KEY).start();
        drive = new DriveSimulator(Files.createDirectories(tmp.resolve("drive")), DRIVE_TOKEN).start();
        // one data dir for the three, as a shared volume is
        Path shared = tmp.resolve("shared");
        for (int i = 1; i <= 3; i++) {
            nodes.add(ChildRuntime.prod("cluster-node" + i, "statlas", shared)
                    .env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", "cluster-node" + i)
                    .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER)
                    .env("ADRELAY_DB_PASSWORD", postgres.password())
                    .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                    .env("STATLAS_WEBHOOK_SECRET", "statlas-hook-secret-cluster").env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID)
                    .env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN).env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/")
                    .property("statlas.reconcile.cron", "0/" + PERIOD.toSeconds() + " * * * * ?")
                    // a node that dies is noticed within seconds
                    .property("adrelay.cluster.checkin-interval-ms", "2000")
                    .heap("192m"));
        }
        // started together, as a rolling deployment's pods would be
        nodes.forEach(ChildRuntime::launch);
        for (ChildRuntime node : nodes) {
            node.awaitHealthy(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(ChildRuntime::close);
        if (drive != null) {
            drive.close();
        }
        if (statlas != null) {
            statlas.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void eachTickOfAScheduleRunsOnceAcrossTheNodes() throws Exception {
        // past the start's catch-up (a firing made late by three JVMs starting on a small machine is run at once)
        Instant settled = Instant.now();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> !scheduledRuns(settled).isEmpty());
        Instant from = scheduledRuns(settled).get(0).startedAt().plus(PERIOD.dividedBy(2));
        // five ticks, whichever nodes run them
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> scheduledRuns(from).size() >= 5);
        List<Run> runs = scheduledRuns(from);
        for (int i = 1; i < runs.size(); i++) {
            Duration gap = Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt());
            // a tick fired by two nodes starts twice within milliseconds, on two nodes (one node may run a late firing
            // and the next one back to back)
            assertTrue(gap.compareTo(Duration.ofMillis(1000)) >= 0 || runs.get(i - 1).node().equals(runs.get(i).node()),
                    "two nodes ran the job " + gap.toMillis() + " ms apart: " + runs);
        }
        // and none left out (a late firing on a busy machine runs late, never not at all)
        long ticks = Duration.between(from, runs.get(runs.size() - 1).startedAt()).toMillis() / PERIOD.toMillis() + 1;
        assertTrue(runs.size() >= ticks - 1, runs.size() + " runs in " + ticks + " ticks: " + runs);
        // the simulator's count: each run of reconciliation asks for the first page of submitted batches once
        List<Run> all = scheduledRuns(Instant.EPOCH);
        long pulled = statlas.journal().count(e -> e.method().equals("GET") && e.path().endsWith("/batches")
                && String.valueOf(e.rawQuery()).contains("status=submitted") && String.valueOf(e.rawQuery()).contains("offset=0"));
        long finished = all.stream().filter(r -> !r.status().equals("running")).count();
        assertTrue(pulled >= finished && pulled <= all.size(), "GET /batches?status=submitted&offset=0 " + pulled + " times for "
                + all.size() + " runs (" + finished + " finished) of every node: " + all);
        Map<String, Long> perNode = new LinkedHashMap<>();
        all.forEach(r -> perNode.merge(r.node(), 1L, Long::sum));
        System.out.println("ClusterIT: " + all.size() + " scheduled runs of " + JOB + " over 3 nodes " + perNode + ", GET /batches?status=submitted&offset=0 "
                + pulled + " times");
    }

    /** A run asked for over HTTP runs on the node asked: a trigger in the shared store could fire on any node. */
    @Test
    @Order(2)
    void aRunAskedOfANodeRunsOnThatNode() throws Exception {
        for (ChildRuntime node : nodes) {
            HttpResponse<String> answer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    node.send(HttpRequest.newBuilder(node.uri("/ops/jobs/" + JOB + "/run?wait=true"))
                            .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN).POST(HttpRequest.BodyPublishers.noBody())),
                    // 409 while a scheduled run of this node goes on: asked again
                    r -> r.statusCode() != 409);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode run = Json.MAPPER.readTree(answer.body());
            assertEquals("succeeded", run.path("status").asText(), answer.body());
            JsonNode listed = Json.MAPPER.readTree(node.get("/ops/runs/" + run.path("run_id").asText()).body());
            assertEquals("manual", listed.path("trigger").asText(), listed.toString());
        }
    }

    @Test
    @Order(3)
    void withTheDatabaseStoppedEveryNodeIsNotReadyAndReadyAgainOnceItIsBackWithoutARestart() throws Exception {
        postgres.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    nodes.stream().allMatch(node -> status(node, "/observe/health/ready") == 503));
            JsonNode ready = Json.MAPPER.readTree(nodes.get(0).get("/observe/health/ready").body());
            assertTrue(ready.toString().contains("database"), ready.toString());
            // alive all the same: a supervisor restarting the nodes would not bring the database back
            assertTrue(nodes.stream().allMatch(node -> status(node, "/observe/health/live") == 200), "liveness leaves the database out");
            assertTrue(nodes.stream().allMatch(ChildRuntime::isAlive), "nodes keep running while the database is away");
        } finally {
            postgres.startAgain();
        }
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() ->
                nodes.stream().allMatch(node -> status(node, "/observe/health/ready") == 200));
        assertTrue(nodes.stream().allMatch(node -> node.starts() == 1), "no node was restarted");
        // and the schedule goes on, from the database
        Instant back = Instant.now();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> !scheduledRuns(back).isEmpty());
    }

    /**
     * The next reconciliation hangs on Statlas (its GET answers after 30 s, past the read timeout, retried): its node
     * holds the job, and no node starts another run meanwhile. That node is killed (SIGKILL): another node takes the
     * firing over (Quartz's recovery, a run whose trigger is "recovered") and the schedule goes on there.
     */
    @Test
    @Order(4)
    void aNodeKilledWhileItRunsTheJobHasItsFiringRecoveredByAnotherNode() throws Exception {
        String batches = statlas.journal().entries().stream().map(e -> e.path()).filter(p -> p.endsWith("/batches")).findFirst().orElseThrow();
        statlas.faults().next(20, "GET", batches, io.adrelay.sandbox.Fault.delay(Duration.ofSeconds(30)));
        // the run that hangs may be one that began just before the delay (its next call hangs)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                scheduledRuns(Instant.EPOCH).stream().anyMatch(r -> r.status().equals("running")));
        Run hung = scheduledRuns(Instant.EPOCH).stream().filter(r -> r.status().equals("running")).findFirst().orElseThrow();
        ChildRuntime holder = nodes.stream().filter(n -> n.toString().startsWith(hung.node() + " ")).findFirst().orElseThrow();
        // for two ticks, that run alone: the job runs once at a time across the nodes
        await().during(PERIOD.multipliedBy(2)).atMost(PERIOD.multipliedBy(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                runs(nodes, hung.startedAt()).stream().map(Run::runId).toList().equals(List.of(hung.runId())));

        holder.kill9();
        Instant killed = Instant.now();
        statlas.faults().clear();
        List<ChildRuntime> alive = nodes.stream().filter(ChildRuntime::isAlive).toList();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                runs(alive, killed).stream().anyMatch(r -> r.trigger().equals("recovered")));
        Run recovered = runs(alive, killed).stream().filter(r -> r.trigger().equals("recovered")).findFirst().orElseThrow();
        System.out.println("ClusterIT: " + hung.node() + " killed while running " + hung.runId() + "; " + recovered.node()
                + " recovered the firing " + Duration.between(killed, recovered.startedAt()).toMillis() + " ms after the kill");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                runs(alive, killed).stream().filter(r -> r.trigger().equals("scheduled") && r.status().equals("succeeded")).count() >= 1);
    }

    @Test
    @Order(5)
    void theDatabasePasswordIsNeverLogged() throws Exception {
        for (ChildRuntime node : nodes) {
            // the log is the product here: what an operator's log collector receives
            assertFalse(Files.readString(node.log()).contains(postgres.password()), node.log().toString());
        }
    }

    record Run(String node, String runId, String trigger, String status, Instant startedAt) {
    }

    /** Every node's scheduled runs of the job begun since a time, in order. */
    static List<Run> scheduledRuns(Instant since) throws Exception {
        return runs(nodes, since).stream().filter(r -> r.trigger().equals("scheduled")).toList();
    }

    /** The runs of the job that these nodes list, begun since a time, in order; each run once, by the node that ran it. */
    static List<Run> runs(List<ChildRuntime> of, Instant since) throws Exception {
        Map<String, Run> runs = new LinkedHashMap<>();
        for (ChildRuntime node : of) {
            if (!node.isAlive()) {
                continue;
            }
            JsonNode body = Json.MAPPER.readTree(node.get("/ops/runs?job=" + JOB).body());
            for (JsonNode run : body.path("runs")) {
                Instant started = Instant.parse(run.path("started_at").asText());
                if (!started.isBefore(since)) {
                    // a run names its node where the history is shared; else it is the answering node's own
                    String ranOn = run.path("node").asText(node.toString().substring(0, node.toString().indexOf(' ')));
                    runs.putIfAbsent(run.path("run_id").asText(), new Run(ranOn, run.path("run_id").asText(),
                            run.path("trigger").asText(), run.path("status").asText(), started));
                }
            }
        }
        List<Run> ordered = new ArrayList<>(runs.values());
        ordered.sort(Comparator.comparing(Run::startedAt));
        return ordered;
    }

    static int status(ChildRuntime node, String path) {
        try {
            return node.get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
