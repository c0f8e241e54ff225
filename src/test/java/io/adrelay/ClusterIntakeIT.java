package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.intake.WebhookAuthenticator;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three adrelay JVMs in the cluster profile on one real PostgreSQL (TestPostgres) and one shared data dir, taking APISync
 * webhooks on every node into the intake queue in the database (table adrelay_intake), each request claimed by one node
 * (FOR UPDATE SKIP LOCKED, a 4 s lease) and synced to the APISync simulator: a burst spread over the nodes is synced
 * once each, none lost, and each tracking id's outcome reads the same from every node; a node killed (SIGKILL) while it
 * holds claims has them finished by the others once its lease has passed; with the database stopped under load the
 * nodes are not ready and acknowledge nothing they cannot keep, and recover without a restart; a node killed in the middle
 * of a burst has what it acknowledged synced by the survivor, and what it never answered is sent again elsewhere by the
 * client and synced once. Prints the figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntakeIT {

    static final String APISYNC_TOKEN = "apisync-token-cluster-0001";
    static final String APISYNC_SECRET = "apisync-webhook-secret-cluster";
    static final String QUEUE = "apisync/requests";
    static final int BURST = 120;

    @TempDir
    static Path tmp;

    static TestPostgres postgres;
    static ApisyncSimulator apisync;
    static final List<ChildRuntime> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        postgres = TestPostgres.start();
        apisync = new ApisyncSimulator(APISYNC_TOKEN, 1000).start();
        Path shared = tmp.resolve("shared");
        for (int i = 1; i <= 3; i++) {
            String name = "intake-node" + i;
            nodes.add(ChildRuntime.prod(name, "apisync", shared)
                    .env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", name)
                    .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER)
                    .env("ADRELAY_DB_PASSWORD", postgres.password())
                    .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                    .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                    // a drain of a few seconds, so that a kill lands in it; short rounds renew the claims well within the lease
                    .property("apisync.write.throttle.requests", "10").property("apisync.read.throttle.requests", "100")
                    .property("apisync.drain.round-size", "5")
                    // a dead node's requests are taken over within seconds
                    .property("adrelay.intake.lease-ms", "4000")
                    .property("adrelay.cluster.checkin-interval-ms", "2000")
                    .heap("192m"));
        }
        // started together on the fresh shared dir, as a rollout's pods are
        ChildRuntime.launchTogether(nodes);
    }

    @AfterAll
    static void stopCluster() {
        ChildRuntime.stopAll(nodes, apisync, postgres);
    }

    @Test
    @Order(1)
    void aBurstSpreadOverTheNodesIsSyncedOnceEachAndEveryOutcomeReadsTheSameFromEveryNode() throws Exception {
        Sender sender = new Sender("burst-", nodes);
        long began = System.nanoTime();
        sender.send(BURST, 8);
        double seconds = (System.nanoTime() - began) / 1e9;
        assertEquals(BURST, sender.acked.size(), "every webhook of the burst is taken: refused " + sender.refused);

        awaitSynced(sender.acked, Duration.ofSeconds(40));
        Map<String, Integer> synced = references();
        Map<String, Long> perNode = donePerNode();
        // the outcome of each request from each node: the same answer, done
        Map<String, String> trackingIds = sender.trackingIds;
        for (String trackingId : trackingIds.values()) {
            List<String> answers = new ArrayList<>();
            for (ChildRuntime node : nodes) {
                HttpResponse<String> outcome = node.send(HttpRequest.newBuilder(node.uri("/webhooks/apisync/requests/" + trackingId))
                        .header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).GET());
                assertEquals(200, outcome.statusCode(), node + ": " + outcome.body());
                answers.add(outcome.body());
            }
            assertEquals(1, new HashSet<>(answers).size(), "one outcome of " + trackingId + " whichever node is asked: " + answers);
            assertEquals("done", Json.MAPPER.readTree(answers.get(0)).path("status").asText(), answers.get(0));
        }
        long lost = sender.acked.stream().filter(r -> !synced.containsKey(r)).count();
        long duplicated = synced.values().stream().filter(n -> n > 1).count();
        int resent = resent();
        System.out.printf("ClusterIntakeIT burst: nodes=3 requests=%d kills=0 lost=%d duplicated=%d re-sent=%d; intake %.0f requests/s"
                + " (%d webhooks over 3 nodes in %.2f s, 8 senders); retired per node %s%n", BURST, lost, duplicated, resent,
                BURST / seconds, BURST, seconds, perNode);
        assertAll(
                () -> assertEquals(0, lost, "every record answered 202 is synced"),
                () -> assertEquals(0, duplicated, "each record exists once at APISync"),
                () -> assertEquals(0, resent, "no record sent twice"),
                () -> assertEquals(0, pending()),
                () -> assertTrue(perNode.size() >= 2, "the nodes share the work: " + perNode));
    }

    @Test
    @Order(2)
    void aNodeKilledWhileItHoldsClaimsHasThemFinishedByTheOthers() throws Exception {
        int resentBefore = resent();
        Sender sender = new Sender("kill-", nodes);
        sender.send(BURST, 8);
        assertEquals(BURST, sender.acked.size(), "every webhook of the burst is taken: refused " + sender.refused);
        // the node holding the most claims in the drain, killed while it holds them
        Map<String, Long> holders = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(ClusterIntakeIT::claimsPerNode, held -> held.values().stream().anyMatch(n -> n >= 2));
        String victim = holders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ChildRuntime killed = nodes.stream().filter(n -> n.toString().startsWith(victim + " ")).findFirst().orElseThrow();
        killed.kill9();
        long claimedByTheDead = claimsPerNode().getOrDefault(victim, 0L);

        awaitSynced(sender.acked, Duration.ofSeconds(40));
        Map<String, Integer> synced = references();
        long lost = sender.acked.stream().filter(r -> !synced.containsKey(r)).count();
        long duplicated = synced.values().stream().filter(n -> n > 1).count();
        int resent = resent() - resentBefore;
        System.out.printf("ClusterIntakeIT kill: nodes=3 requests=%d kills=1 (%s, holding %d claims at the kill, %d still after it) lost=%d"
                + " duplicated=%d re-sent=%d; retired per node %s%n", BURST, victim, holders.get(victim), claimedByTheDead, lost,
                duplicated, resent, donePerNode());
        assertAll(
                () -> assertEquals(0, lost, "every record answered 202 is synced"),
                () -> assertEquals(0, duplicated, "each record exists once at APISync"),
                () -> assertTrue(resent <= 1, "at most the record in flight at the kill is sent again: " + resent),
                () -> assertEquals(0, pending(), "the dead node's claims were finished by the others"));
    }

    @Test
    @Order(3)
    void withTheDatabaseRestartedUnderLoadTheNodesAreNotReadyLoseNothingAcknowledgedAndRecover() throws Exception {
        List<ChildRuntime> alive = nodes.stream().filter(ChildRuntime::isAlive).toList();
        Sender sender = new Sender("restart-", alive);
        // four senders: while the database is away each webhook waits for a connection (adrelay.db.connect-timeout-ms)
        Sender.Load load = sender.sendUntilStopped(4);
        int ackedBeforeStop;
        int ackedWhileDown;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.acked.size() >= 20);
            postgres.stop();
            ackedBeforeStop = sender.acked.size();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        alive.stream().allMatch(node -> status(node, "/observe/health/ready") == 503));
                int downAt = sender.acked.size();
                int refusedAt = sender.refused.size();
                // refused meanwhile: nothing can be stored, so nothing is acknowledged
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> sender.refused.size() >= refusedAt + 4);
                ackedWhileDown = sender.acked.size() - downAt;
            } finally {
                postgres.startAgain();
            }
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() ->
                    alive.stream().allMatch(node -> status(node, "/observe/health/ready") == 200));
            int back = sender.acked.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.acked.size() >= back + 10);
        } finally {
            load.stop();
        }
        awaitSynced(sender.acked, Duration.ofSeconds(40));
        Map<String, Integer> synced = references();
        long lost = sender.acked.stream().filter(r -> !synced.containsKey(r)).count();
        long duplicated = synced.values().stream().filter(n -> n > 1).count();
        System.out.printf("ClusterIntakeIT database restart: nodes=%d requests=%d (acknowledged %d, %d before the stop, %d while it was"
                + " down; refused %d) lost=%d duplicated=%d%n", alive.size(), sender.acked.size() + sender.refused.size(), sender.acked.size(), ackedBeforeStop,
                ackedWhileDown, sender.refused.size(), lost, duplicated);
        assertAll(
                () -> assertEquals(0, lost, "every record answered 202 is synced"),
                () -> assertEquals(0, duplicated, "each record exists once at APISync"),
                () -> assertEquals(0, ackedWhileDown, "nothing is acknowledged while the database is away"),
                () -> assertTrue(alive.stream().allMatch(node -> node.isAlive() && node.starts() == 1), "no node was restarted"));
    }

    /**
     * A node killed (SIGKILL) while several client threads send a burst to it and to another node: what it answered 202
     * is synced once by the survivor, its outcome read there; what it never answered (reset in flight, or refused once
     * dead) the client sends to the other node, as a sender behind a load balancer would, and it is synced once too. A
     * request the killed node had stored without answering is then stored twice: APISync's upsert by reference_id makes
     * the second POST an update (200), so the simulator's journal holds one create (201) per reference.
     */
    @Test
    @Order(4)
    void aNodeKilledDuringABurstHasWhatItAcknowledgedSyncedByTheOthersAndWhatItNeverAnsweredIsRetriedAndSyncedOnce() throws Exception {
        List<ChildRuntime> alive = nodes.stream().filter(ChildRuntime::isAlive).toList();
        ChildRuntime victim = alive.get(0);
        List<ChildRuntime> survivors = alive.subList(1, alive.size());
        String prefix = "burst-kill-";
        Sender sender = new Sender(prefix, alive).retryingElsewhere();
        Sender.Load load = sender.sendUntilStopped(4);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> acknowledgedBy(sender, victim) >= 15);
            victim.kill9();
            int sentAtKill = sender.sent.get();
            // on past the kill: requests reset in flight, then those refused by the dead node, go to the survivor
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() ->
                    sender.unanswered.size() >= 4 && sender.sent.get() >= sentAtKill + 20);
        } finally {
            load.stop();
        }
        int requests = sender.sent.get();
        assertEquals(requests, sender.acked.size(), "each request acknowledged, by its node or on its retry: refused " + sender.refused);

        awaitSynced(sender.acked, Duration.ofSeconds(40));
        Map<String, Integer> synced = references();
        long lost = sender.acked.stream().filter(r -> !synced.containsKey(r)).count();
        long duplicated = synced.entrySet().stream().filter(r -> r.getKey().startsWith(prefix) && r.getValue() > 1).count();
        Map<String, Integer> creates = posts(prefix, 201);
        Map<String, Integer> updates = posts(prefix, 200);
        Map<String, Integer> stored = stored(prefix);
        long storedTwice = stored.values().stream().filter(n -> n > 1).count();
        long sentAgain = updates.values().stream().mapToInt(Integer::intValue).sum();
        // what the dead node acknowledged: done, and so answered by the survivors
        List<String> ackedByVictim = sender.ackedBy.entrySet().stream().filter(a -> a.getValue().equals(ClusterIT.name(victim)))
                .map(Map.Entry::getKey).toList();
        for (String reference : ackedByVictim) {
            for (ChildRuntime survivor : survivors) {
                HttpResponse<String> outcome = survivor.send(HttpRequest.newBuilder(survivor.uri("/webhooks/apisync/requests/"
                        + sender.trackingIds.get(reference))).header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).GET());
                assertEquals(200, outcome.statusCode(), survivor + ": " + outcome.body());
                assertEquals("done", Json.MAPPER.readTree(outcome.body()).path("status").asText(), reference + ": " + outcome.body());
            }
        }
        System.out.printf("ClusterIntakeIT kill during intake: nodes=%d requests=%d kills=1 (%s) acknowledged by the killed node=%d"
                + " retried=%d (stored twice %d, sent again as an update %d) lost=%d duplicated=%d%n", alive.size(), requests,
                ClusterIT.name(victim), ackedByVictim.size(), sender.unanswered.size(), storedTwice, sentAgain, lost, duplicated);
        assertAll(
                () -> assertTrue(ackedByVictim.size() >= 15, "the killed node had acknowledged requests: " + ackedByVictim.size()),
                () -> assertTrue(sender.unanswered.size() >= 4, "the kill left requests unanswered: " + sender.unanswered),
                () -> assertEquals(sender.acked, stored.keySet(), "every request answered 202 is in the queue"),
                () -> assertEquals(0, lost, "every request answered 202, by the killed node or on a retry, is synced"),
                () -> assertEquals(0, duplicated, "each record exists once at APISync"),
                () -> assertEquals(sender.acked, creates.keySet(), "each reference created at APISync"),
                () -> assertTrue(creates.values().stream().allMatch(n -> n == 1), "each reference created once: " + creates),
                // sent again: a request stored twice (the killed node stored it, then its retry), or the one in flight at the kill
                () -> assertTrue(sentAgain <= storedTwice + 1, "sent again " + updates + ", stored twice " + storedTwice),
                () -> assertEquals(0, pending(), "the dead node's claims were finished by the survivor"));
    }

    static long acknowledgedBy(Sender sender, ChildRuntime node) {
        return sender.ackedBy.values().stream().filter(ClusterIT.name(node)::equals).count();
    }

    /** reference_id -> how many POST /inventory-items of this prefix APISync answered with this status (201 created, 200 updated). */
    static Map<String, Integer> posts(String prefix, int status) throws IOException {
        Map<String, Integer> posts = new HashMap<>();
        for (JournalEntry e : apisync.journal().matching("POST", "/inventory-items")) {
            String reference = Json.MAPPER.readTree(e.body()).path("data").path("attributes").path("reference_id").asText();
            if (e.status() == status && reference.startsWith(prefix)) {
                posts.merge(reference, 1, Integer::sum);
            }
        }
        return posts;
    }

    /** reference_id -> how many requests of the intake queue hold it. */
    static Map<String, Integer> stored(String prefix) throws SQLException {
        Map<String, Integer> stored = new HashMap<>();
        java.util.regex.Pattern reference = java.util.regex.Pattern.compile("\"reference_id\"\\s*:\\s*\"(" + prefix + "\\d+)\"");
        try (Connection db = postgres.connect(); ResultSet rows = db.createStatement().executeQuery(
                "SELECT body FROM adrelay_intake WHERE queue = '" + QUEUE + "'")) {
            while (rows.next()) {
                java.util.regex.Matcher found = reference.matcher(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.UTF_8));
                while (found.find()) {
                    stored.merge(found.group(1), 1, Integer::sum);
                }
            }
        }
        return stored;
    }

    static int status(ChildRuntime node, String path) {
        try {
            return node.get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Until every reference is at APISync and nothing is pending. */
    static void awaitSynced(Set<String> references, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> references().keySet().containsAll(references) && pending() == 0);
    }

    /** reference_id -> how many inventory items hold it at the simulator. */
    static Map<String, Integer> references() {
        Map<String, Integer> counts = new HashMap<>();
        apisync.records("inventory-items").forEach(r -> counts.merge(r.path("attributes").path("reference_id").asText(), 1, Integer::sum));
        return counts;
    }

    /** Successful POSTs beyond the first per reference_id: records sent again (upserts, not duplicates). */
    static int resent() throws IOException {
        Map<String, Integer> posts = new HashMap<>();
        for (JournalEntry e : apisync.journal().matching("POST", "/inventory-items")) {
            if (e.status() / 100 == 2) {
                posts.merge(Json.MAPPER.readTree(e.body()).path("data").path("attributes").path("reference_id").asText(), 1, Integer::sum);
            }
        }
        return posts.values().stream().mapToInt(n -> n - 1).sum();
    }

    static long pending() throws SQLException {
        try (Connection db = postgres.connect(); ResultSet rows = db.createStatement().executeQuery(
                "SELECT count(*) FROM adrelay_intake WHERE queue = '" + QUEUE + "' AND state = 'pending'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Pending requests under a live claim, per node. */
    static Map<String, Long> claimsPerNode() throws SQLException {
        return grouped("SELECT claimed_by, count(*) FROM adrelay_intake WHERE queue = '" + QUEUE + "' AND state = 'pending'"
                + " AND claimed_until > now() GROUP BY claimed_by");
    }

    /** Requests retired as done, per node that retired them. */
    static Map<String, Long> donePerNode() throws SQLException {
        return grouped("SELECT claimed_by, count(*) FROM adrelay_intake WHERE queue = '" + QUEUE + "' AND state = 'done' GROUP BY claimed_by");
    }

    private static Map<String, Long> grouped(String query) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = postgres.connect(); ResultSet rows = db.createStatement().executeQuery(query)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** Webhooks of one inventory item each, taking the nodes in turn; what each answered. */
    static final class Sender {

        final String prefix;
        final List<ChildRuntime> to;
        final AtomicInteger sent = new AtomicInteger();
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<String, String> trackingIds = new ConcurrentHashMap<>();
        /** reference -> the node that answered it 202. */
        final Map<String, String> ackedBy = new ConcurrentHashMap<>();
        final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Requests that got no answer at least once (a reset or a refused connection). */
        final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        private boolean retryElsewhere;

        Sender(String prefix, List<ChildRuntime> to) {
            this.prefix = prefix;
            this.to = to;
        }

        /** As a sender facing a load balancer: a request without an answer is sent again, to the next node. */
        Sender retryingElsewhere() {
            this.retryElsewhere = true;
            return this;
        }

        /** n webhooks from the given number of threads; returns when all are answered. */
        void send(int n, int threads) throws InterruptedException {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(new Thread(() -> {
                    for (int i = sent.getAndIncrement(); i < n; i = sent.getAndIncrement()) {
                        sendOne(i);
                    }
                }));
            }
            senders.forEach(Thread::start);
            for (Thread sender : senders) {
                sender.join();
            }
        }

        /** A running load of webhooks: stop() ends it and waits for its threads. */
        interface Load {
            void stop() throws InterruptedException;
        }

        /** Webhooks from the given number of threads, each sending its next as soon as one is answered, until stopped. */
        Load sendUntilStopped(int threads) {
            AtomicBoolean sending = new AtomicBoolean(true);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(new Thread(() -> {
                    while (sending.get()) {
                        sendOne(sent.getAndIncrement());
                    }
                }));
            }
            senders.forEach(Thread::start);
            return () -> {
                sending.set(false);
                for (Thread sender : senders) {
                    sender.join();
                }
            };
        }

        void sendOne(int i) {
            String reference = prefix + i;
            String item = "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\", \"available\": true,"
                    + " \"content_language\": \"pt-br\", \"title\": \"Shoe " + reference + "\"}";
            for (int attempt = 0; attempt < (retryElsewhere ? 2 * to.size() : 1); attempt++) {
                ChildRuntime node = to.get((i + attempt) % to.size());
                try {
                    HttpResponse<String> answer = node.send(HttpRequest.newBuilder(node.uri("/webhooks/apisync/inventory-items"))
                            .header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(item)));
                    if (answer.statusCode() == 202) {
                        JsonNode body = Json.MAPPER.readTree(answer.body());
                        trackingIds.put(reference, body.path("tracking_id").asText());
                        ackedBy.put(reference, ClusterIT.name(node));
                        acked.add(reference);
                    } else {
                        refused.add(reference + " " + answer.statusCode());
                    }
                    return;
                } catch (IOException e) {
                    // no answer: in doubt, neither acknowledged nor refused (stored or not, the sender cannot tell)
                    unanswered.add(reference);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
