package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

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
 * One APISync budget for three adrelay JVMs in the cluster profile on one real PostgreSQL (TestPostgres), against the
 * APISync simulator, which answers 429 above its limit in any second. The limit is scaled down from APISync's 20/s to
 * 8/s, so that three nodes on a small shared machine can overrun it (each syncs its records one at a time): each
 * node's budget is set to the whole limit (6 writes and 2 reads per second), and a budget counted in each JVM alone
 * lets the three send up to three times that (measured: 429s and 10+ requests in a second). All three nodes are sent
 * webhooks at once; the simulator's journal gives the most requests it saw in any 1-s window, and its 429s. The nodes
 * share one data dir: files dropped in its APISync inbox are each taken by one node (its read lock a row of the
 * database; InboxReadLocksPostgresIT shows two nodes holding files at once), each record created once at APISync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBudgetIT {

    static final String APISYNC_TOKEN = "apisync-token-cluster-budget";
    static final String APISYNC_SECRET = "apisync-webhook-secret-cluster-budget";
    static final int LIMIT = 8;
    static final int WEBHOOKS_PER_NODE = 5;
    static final int RECORDS_PER_WEBHOOK = 3;
    static final int FILES = 8;
    static final int RECORDS_PER_FILE = 2;

    @TempDir
    static Path tmp;

    static Path shared;
    static TestPostgres postgres;
    static ApisyncSimulator apisync;
    static final List<ChildRuntime> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        postgres = TestPostgres.start();
        apisync = new ApisyncSimulator(APISYNC_TOKEN, LIMIT).start();
        // one data dir for the three, as a shared volume is: one inbox
        shared = tmp.resolve("shared");
        for (int i = 1; i <= 3; i++) {
            nodes.add(ChildRuntime.prod("budget-node" + i, "apisync", shared)
                    .env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", "budget-node" + i)
                    .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER)
                    .env("ADRELAY_DB_PASSWORD", postgres.password())
                    .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                    .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                    // the simulator's whole limit for each node: only a budget shared by the nodes keeps their sum under it
                    .property("apisync.write.throttle.requests", "6").property("apisync.write.throttle.period-ms", "1000")
                    .property("apisync.read.throttle.requests", "2").property("apisync.read.throttle.period-ms", "1000")
                    // small rounds: every node has records to sync at once
                    .property("apisync.drain.round-size", "3")
                    .heap("192m"));
        }
        ChildRuntime.launchTogether(nodes);
    }

    @AfterAll
    static void stopCluster() {
        ChildRuntime.stopAll(nodes, apisync, postgres);
    }

    @Test
    @Order(1)
    void threeNodesPushingWorkAtOnceStayWithinOneBudget() throws Exception {
        int total = nodes.size() * WEBHOOKS_PER_NODE * RECORDS_PER_WEBHOOK;
        Instant from = Instant.now();
        ExecutorService senders = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<Void>> sent = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                ChildRuntime node = nodes.get(n);
                String prefix = "n" + (n + 1) + "-";
                sent.add(senders.submit(() -> {
                    for (int w = 0; w < WEBHOOKS_PER_NODE; w++) {
                        StringBuilder body = new StringBuilder("[");
                        for (int r = 0; r < RECORDS_PER_WEBHOOK; r++) {
                            body.append(r == 0 ? "" : ",").append(item(prefix + (w * RECORDS_PER_WEBHOOK + r)));
                        }
                        HttpResponse<String> answer = postItems(node, body.append(']').toString());
                        assertEquals(202, answer.statusCode(), answer.body());
                    }
                    return null;
                }));
            }
            for (Future<Void> done : sent) {
                done.get();
            }
        } finally {
            senders.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> apisync.count("inventory-items") == total);

        List<JournalEntry> calls = apisync.journal().entries().stream().filter(e -> !e.time().isBefore(from)).toList();
        int most = JournalFigures.mostInAWindow(calls, Duration.ofSeconds(1));
        long tooMany = JournalFigures.tooMany(calls);
        Map<String, Integer> posts = createdPerReference();
        long duplicated = posts.values().stream().filter(n -> n > 1).count();
        long lost = total - posts.size();
        System.out.println("ClusterBudgetIT: 3 nodes, " + total + " records in " + nodes.size() * WEBHOOKS_PER_NODE + " webhooks, 0 kills, "
                + calls.size() + " requests at APISync in " + Duration.between(from, calls.get(calls.size() - 1).time()).toMillis()
                + " ms, most in any 1-s window " + most + " (limit " + LIMIT + "), 429s " + tooMany + ", lost " + lost + ", duplicated "
                + duplicated);
        assertEquals(0, tooMany, "429s from APISync");
        assertTrue(most <= LIMIT, most + " requests in one second");
        assertEquals(0, lost, "records never created at APISync");
        assertEquals(0, duplicated, "records created twice: " + posts);
    }

    @Test
    @Order(2)
    void eachFileDroppedInTheSharedInboxIsTakenByOneNode() throws Exception {
        Path inbox = Files.createDirectories(shared.resolve("inbox/apisync/inventory-items"));
        Path staging = Files.createDirectories(shared.resolve("staging"));
        int before = apisync.count("inventory-items");
        Instant from = Instant.now();
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            String name = "drop-" + f + ".json";
            StringBuilder body = new StringBuilder("[");
            for (int r = 0; r < RECORDS_PER_FILE; r++) {
                body.append(r == 0 ? "" : ",").append(item("file" + f + "-" + r));
            }
            // written beside the inbox, then moved in whole
            Files.move(Files.writeString(staging.resolve(name), body.append(']')), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            names.add(name);
        }
        int total = FILES * RECORDS_PER_FILE;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> apisync.count("inventory-items") == before + total
                && names.stream().allMatch(n -> Files.exists(inbox.resolve(".done").resolve(n))));

        List<String> left = list(inbox).stream().filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        List<String> done = list(inbox.resolve(".done")).stream().map(f -> f.getFileName().toString()).sorted().toList();
        Map<String, Integer> posts = createdPerReference();
        long fromFiles = posts.keySet().stream().filter(r -> r.startsWith("file")).count();
        long duplicated = posts.entrySet().stream().filter(e -> e.getKey().startsWith("file") && e.getValue() > 1).count();
        List<JournalEntry> calls = apisync.journal().entries().stream().filter(e -> !e.time().isBefore(from)).toList();
        long tooMany = JournalFigures.tooMany(calls);
        long errors = list(inbox.resolve(".error")).size();
        System.out.println("ClusterBudgetIT: 3 nodes sharing an inbox, " + FILES + " files of " + RECORDS_PER_FILE + " records dropped: "
                + done.size() + " in .done/, " + left.size() + " left, " + errors + " in .error/, " + fromFiles + " records created, lost "
                + (total - fromFiles) + ", duplicated " + duplicated + ", most in any 1-s window " + JournalFigures.mostInAWindow(calls, Duration.ofSeconds(1))
                + " (limit " + LIMIT + "), 429s " + tooMany);
        assertEquals(List.of(), left, "files left in the inbox");
        assertEquals(names.stream().sorted().toList(), done, "each file in .done/ once");
        assertEquals(0, errors, "files in .error/ (a file taken by two nodes fails the second move)");
        assertEquals(total, fromFiles, "records created at APISync");
        assertEquals(0, duplicated, "records created twice: " + posts);
        assertEquals(0, tooMany, "429s from APISync");
    }

    /**
     * The shipped budgets at APISync's real limit (20/s, the simulator's own), without three more JVMs: a budget of N
     * per period is N permits shared by the nodes (the test above: three nodes that each could fill the limit alone
     * stay within it), each free again one period after its call's answer, so in any window of one period at most N
     * calls of it leave the whole cluster. Reads and writes are two budgets on the one limit: with periods of at least
     * a second, their sum is the most any 1-s window gets. The scaled test is the harder case of the same rule: its
     * budgets add up to its limit exactly, with periods of exactly a second; the shipped ones leave room.
     */
    @Test
    @Order(3)
    void theShippedApisyncBudgetsHoldForTheClusterAtTheRealLimit() throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            shipped.load(in);
        }
        int most = 0;
        for (String budget : List.of("apisync.read.throttle", "apisync.write.throttle")) {
            long period = Long.parseLong(shipped.getProperty(budget + ".period-ms").trim());
            assertTrue(period >= 1000, budget + ".period-ms " + period + " is shorter than APISync's 1-s window");
            most += Integer.parseInt(shipped.getProperty(budget + ".requests").trim());
        }
        System.out.println("ClusterBudgetIT: shipped APISync budgets, most calls of the whole cluster in any 1-s window " + most
                + " (limit " + ApisyncSimulator.REQUESTS_PER_SECOND + ")");
        assertTrue(most <= ApisyncSimulator.REQUESTS_PER_SECOND, most + " calls a second across the cluster");
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    static String item(String reference) {
        return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\", \"available\": true,"
                + " \"content_language\": \"pt-br\", \"title\": \"Shoe " + reference + "\"}";
    }

    static HttpResponse<String> postItems(ChildRuntime node, String body) throws IOException, InterruptedException {
        return node.send(HttpRequest.newBuilder(node.uri("/webhooks/apisync/inventory-items"))
                .header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** reference_id -> successful POSTs of it (a record synced twice is two). */
    static Map<String, Integer> createdPerReference() throws IOException {
        Map<String, Integer> posts = new HashMap<>();
        for (JournalEntry e : apisync.journal().matching("POST", "/inventory-items")) {
            if (e.status() / 100 == 2) {
                posts.merge(Json.MAPPER.readTree(e.body()).path("data").path("attributes").path("reference_id").asText(), 1, Integer::sum);
            }
        }
        return posts;
    }
}
