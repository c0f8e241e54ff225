package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.WebhookAuthenticator;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * kill -9 of the real process at random points of webhook intake, the APISync drain, a Statlas
 * delivery, a Snap feed publish, a Snap DPA provisioning and a Snap feed upload in progress, then a restart on the same data directory: nothing
 * acknowledged is lost, no effect happens twice at the simulators, and no half-written file is
 * ever visible. The seed ({@code -Dcrash.seed}) decides where the kills land; it is printed.
 */
class CrashIT {

    static final long SEED = Long.getLong("crash.seed", 20_261_128L);

    static final String APISYNC_TOKEN = "apisync-token-crash-0001";
    static final String APISYNC_SECRET = "apisync-webhook-secret-crash";
    static final String STATLAS_KEY = "statlas-key-crash-0001";
    static final String STATLAS_SECRET = "statlas-hook-secret-crash";
    static final String DRIVE_TOKEN = "drive-token-crash";
    static final String SNAP_CLIENT = "snap-client-crash";
    static final String SNAP_SECRET = "snap-client-secret-crash";
    static final String SNAP_REFRESH = "snap-refresh-token-crash";

    @TempDir
    Path tmp;

    @BeforeAll
    static void seed() {
        System.out.println("CrashIT seed " + SEED + " (rerun with -Dcrash.seed=" + SEED + ")");
    }

    // ---------------------------------------------------------------------------------------------
    // (a) webhook intake

    @Test
    void killedWhileTakingWebhooksLosesNoAcknowledgedRecordAndInventsNone() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(SEED ^ 0xA);
        int kills = 3;
        Path data = tmp.resolve("data");
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 5000).start();
             ChildRuntime child = apisync("crash-intake", data, apisync, 300)) {
            Sender sender = new Sender(child, "a-");
            for (int life = 0; life < kills; life++) {
                child.start();
                int target = sender.acked.size() + 10 + random.nextInt(50);
                sender.start(4);
                await().atMost(Duration.ofSeconds(60)).until(() -> sender.acked.size() >= target);
                child.kill9();
                sender.join();
                assertNoPartialFiles(data);
            }
            child.start();
            awaitQuietly(Duration.ofSeconds(60), () -> pendingRequests(data) == 0 && references(apisync).keySet().containsAll(sender.acked));
            child.stop();

            Map<String, Integer> synced = references(apisync);
            Set<String> lost = new HashSet<>(sender.acked);
            lost.removeAll(synced.keySet());
            Set<String> invented = new HashSet<>(synced.keySet());
            invented.removeAll(sender.acked);
            invented.removeAll(sender.unanswered);
            long duplicated = synced.values().stream().filter(n -> n > 1).count();
            long inDoubtSynced = sender.unanswered.stream().filter(synced::containsKey).count();
            int resent = resent(apisync);
            report("intake", kills, "acknowledged=" + sender.acked.size() + " unanswered(in doubt)=" + sender.unanswered.size()
                    + " (of which synced " + inDoubtSynced + ") refused=" + sender.refused.size() + " synced=" + synced.size()
                    + " lost=" + lost.size() + " invented=" + invented.size() + " duplicated=" + duplicated
                    + " re-sent after a kill=" + resent, child, began);
            assertAll(
                    () -> assertEquals(Set.of(), lost, "every record answered 202 is synced"),
                    () -> assertEquals(Set.of(), invented, "only records that were sent (and not refused) exist"),
                    () -> assertEquals(0, duplicated, "each record exists once"),
                    () -> assertTrue(resent <= kills, "at most the record in flight at each kill is sent again: " + resent),
                    () -> assertNoPartialFiles(data),
                    () -> assertNoTempFiles(data));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (b) APISync drain

    @Test
    void killedWhileSyncingABacklogSyncsEachRecordOnce() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(SEED ^ 0xB);
        int kills = 3;
        int requests = 10;
        int perRequest = 5;
        Path data = tmp.resolve("data");
        // a low write budget: most of each record's turn is spent waiting for it, between taking the record and sending it
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 5000).start();
             ChildRuntime child = apisync("crash-drain", data, apisync, 8)) {
            child.start();
            List<String> trackingIds = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perRequest; i++) {
                    body.append(i == 0 ? "" : ",").append(item("b-" + (r * perRequest + i)));
                }
                HttpResponse<String> answer = postItems(child, body.append(']').toString());
                assertEquals(202, answer.statusCode(), answer.body());
                trackingIds.add(Json.MAPPER.readTree(answer.body()).path("tracking_id").asText());
            }
            int total = requests * perRequest;
            for (int k = 0; k < kills; k++) {
                int target = Math.min(total - 5, apisync.count("inventory-items") + 3 + random.nextInt(10));
                await().atMost(Duration.ofSeconds(60)).until(() -> apisync.count("inventory-items") >= target);
                child.kill9();
                assertNoPartialFiles(data);
                child.start();
            }
            awaitQuietly(Duration.ofSeconds(60), () -> pendingRequests(data) == 0 && apisync.count("inventory-items") == total);
            child.stop();

            Map<String, Integer> synced = references(apisync);
            long duplicated = synced.values().stream().filter(n -> n > 1).count();
            List<String> notSynced = new ArrayList<>();
            for (String id : trackingIds) {
                Path file = data.resolve("outbox/apisync/results/" + id + ".json");
                JsonNode result = Files.exists(file) ? Json.MAPPER.readTree(file.toFile()) : Json.MAPPER.createObjectNode();
                if (!"done".equals(result.path("status").asText()) || result.path("records").size() != perRequest) {
                    notSynced.add(id + ": " + (Files.exists(file) ? result : "no result"));
                }
                result.path("records").forEach(r -> {
                    if (!Set.of("created", "updated").contains(r.path("outcome").asText())) {
                        notSynced.add(id + "#" + r.path("index").asText() + ": " + r);
                    }
                });
            }
            int resent = resent(apisync);
            report("drain", kills, "records=" + total + " synced=" + synced.size() + " lost=" + (total - synced.size())
                    + " duplicated=" + duplicated + " re-sent after a kill=" + resent, child, began);
            assertAll(
                    () -> assertEquals(total, synced.size(), "every stored record is synced"),
                    () -> assertEquals(0, duplicated, "each record exists once"),
                    () -> assertEquals(List.of(), notSynced, "every request is done, every record's outcome created or updated"),
                    () -> assertTrue(resent <= kills, "at most the record in flight at each kill is sent again: " + resent),
                    () -> assertNoPartialFiles(data),
                    () -> assertNoTempFiles(data));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (c) Statlas delivery

    @Test
    void killedWhileDeliveringABatchDeliversAndCompletesItOnce() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(SEED ^ 0xC);
        Path data = tmp.resolve("data");
        Path driveRoot = tmp.resolve("drive");
        try (StatlasSimulator statlas = new StatlasSimulator(STATLAS_KEY).start();
             DriveSimulator drive = new DriveSimulator(driveRoot, DRIVE_TOKEN).start();
             ChildRuntime child = ChildRuntime.prod("crash-statlas", "statlas", data)
                     .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                     .env("STATLAS_WEBHOOK_SECRET", STATLAS_SECRET).env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID)
                     .env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN).env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/")
                     .property("statlas.drive.poll-period", "300").property("statlas.drive.poll-delay", "300")
                     .property("drive.throttle.requests", "100")) {
            child.start();
            assertEquals(202, statlas.sendBatchCreated(child.uri("/webhooks/statlas?token=" + STATLAS_SECRET).toString(), "BAT001"));
            // BAT002 stays unfilled: its folders keep the Drive polls going, so "nothing more was sent" can be waited for
            assertEquals(202, statlas.sendBatchCreated(child.uri("/webhooks/statlas?token=" + STATLAS_SECRET).toString(), "BAT002"));
            Path batch = driveRoot.resolve("BAMBU-XMAS-001");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(batch.resolve("BAMBU-XMAS-001-05")));
            for (int ad = 1; ad <= 5; ad++) {
                Path folder = batch.resolve(String.format("BAMBU-XMAS-001-%02d", ad));
                if (ad <= 3) {
                    Files.write(folder.resolve("spot" + ad + "_1080x1920.mp4"), ("video " + ad).repeat(100).getBytes());
                } else {
                    Files.write(folder.resolve("still" + ad + ".png"), png(120, 63));
                }
                Files.writeString(folder.resolve("copy.json"), "{\"headline\": \"Holiday " + ad + "\", \"description\": \"Gift\"}");
            }
            // each kill lands while a call is held at Statlas: the request has arrived, its answer has not left
            List<String> points = List.of("/batches/BAT001/deliver", "/batches/BAT001/complete");
            for (String point : points) {
                statlas.faults().next(1, point, Fault.delay(Duration.ofMillis(1500 + random.nextInt(1500))));
                await().atMost(Duration.ofSeconds(60)).until(() -> statlas.faults().pending() == 0);
                child.kill9();
                assertNoPartialFiles(data);
                child.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Json.MAPPER.readTree(data.resolve("state/statlas/batches/BAT001.json").toFile())
                    .has("delivered_at"));
            // a few more polls: nothing else may be sent
            long requests = drive.journal().entries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> drive.journal().entries().size() > requests + 15);
            child.stop();

            int deliverCalls = statlas.journal().matching("POST", "/batches/BAT001/deliver").size();
            int completeCalls = statlas.journal().matching("POST", "/batches/BAT001/complete").size();
            report("statlas", points.size(), "deliveries accepted=" + statlas.deliveries().size() + " POST deliver=" + deliverCalls
                    + " POST complete=" + completeCalls + " status=" + statlas.batch("BAT001").path("status").asText(), child, began);
            assertAll(
                    () -> assertEquals(1, statlas.deliveries().size(), "the batch is delivered once"),
                    () -> assertEquals(1, deliverCalls, "one POST /batches/BAT001/deliver"),
                    () -> assertEquals(1, completeCalls, "one POST /batches/BAT001/complete"),
                    () -> assertEquals("in_review", statlas.batch("BAT001").path("status").asText()),
                    () -> assertNoPartialFiles(data),
                    () -> assertNoTempFiles(data));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (d) Snap feed publish

    @Test
    void killedWhilePublishingAFeedNeverShowsAPartialFeed() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(SEED ^ 0xD);
        Path data = tmp.resolve("data");
        Path declaration = tmp.resolve("snap-catalogs.yaml");
        Files.writeString(declaration, "catalogs: []\n");
        try (SnapSimulator snap = new SnapSimulator(SNAP_CLIENT, SNAP_SECRET, SNAP_REFRESH).start();
             ChildRuntime child = ChildRuntime.prod("crash-snap", "snap", data)
                     .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", SNAP_CLIENT)
                     .env("SNAP_CLIENT_SECRET", SNAP_SECRET).env("SNAP_REFRESH_TOKEN", SNAP_REFRESH)
                     .property("snap.catalogs-file", declaration.toString())
                     .property("snap.campaigns-file", tmp.resolve("snap-campaigns.yaml").toString())) {
            Path inbox = data.resolve("inbox/snap/big");
            Path published = data.resolve("feeds/big.csv");
            Path temp = data.resolve("feeds/.big.csv.tmp");
            int[] versions = {60_000, 50_000};
            List<String> kills = new ArrayList<>();
            child.start();
            for (int v = 0; v < versions.length; v++) {
                Path dropped = drop(inbox, "v" + v + ".csv", "v" + v + "-", versions[v]);
                String name = dropped.getFileName().toString();
                double fraction = 0.2 + 0.6 * random.nextDouble();
                long at = (long) (Files.size(dropped) * fraction);
                long previous = size(published);
                // the kill lands once the new feed is that far written, wherever it is being written
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> size(temp) >= at || (size(published) != previous && size(published) >= at)
                                || name.equals(publishedFile(data)));
                boolean midWrite = !name.equals(publishedFile(data));
                child.kill9();
                kills.add(midWrite ? String.format("at %.0f%% of v%d", fraction * 100, v) : "after v" + v + " was published");
                // never partial: absent before the first publish, else a complete earlier (or this) version
                int seen = publishedVersion(published, versions);
                assertTrue(seen >= v, "feeds/big.csv is the previous complete version, or this one: " + seen);
                assertNoPartialFiles(data);
                child.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> name.equals(publishedFile(data))
                        && Files.exists(inbox.resolve(".done/" + name)));
                assertEquals(v + 1, publishedVersion(published, versions), "this version is published");
                JsonNode summary = Json.MAPPER.readTree(data.resolve("state/snap/feeds/big.json").toFile());
                assertEquals(versions[v], summary.path("published").asInt(), summary.toString());
            }
            child.stop();
            report("snap", versions.length, "feed rows=" + versions[0] + "," + versions[1] + " kills " + kills
                    + " published=v" + (publishedVersion(published, versions) - 1), child, began);
            assertAll(() -> assertNoPartialFiles(data), () -> assertNoTempFiles(data));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (e) Snap DPA provisioning

    @Test
    void killedWhileProvisioningDpaCampaignsMakesEachObjectOnce() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(SEED ^ 0xE);
        String account = "2c9f0d7e-1b3a-4c5d-8e6f-7a8b9c0d1e2f";
        int campaigns = 12;
        Path catalogs = tmp.resolve("snap-catalogs.yaml");
        Files.writeString(catalogs, """
                catalogs:
                  - key: shop
                    organization_id: 0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e
                    name: Shop
                    product_sets:
                      - {name: In stock, filter: {AVAILABILITY: {EQ: IN_STOCK}}}
                      - {name: Acme, filter: {BRAND: {IS_ANY: [Acme]}}}
                """);
        StringBuilder declaration = new StringBuilder("ad_accounts:\n  - ad_account_id: " + account + "\n"
                + "    dynamic_templates: [{name: crash, layout: FIT, text_fields: [title]}]\n    campaigns:\n");
        for (int c = 0; c < campaigns; c++) {
            declaration.append("      - name: crash ").append(c).append("\n        catalog: shop\n        ad_squads:\n");
            for (String set : List.of("In stock", "Acme")) {
                declaration.append("          - {name: ").append(set).append(", use_case: PROSPECTING, product_set: ").append(set)
                        .append(", optimization_goal: IMPRESSIONS, bid_strategy: AUTO_BID, daily_budget_micro: 50000000,")
                        .append(" targeting: {geos: [{country_code: us}]}}\n");
            }
        }
        Path declared = tmp.resolve("snap-campaigns.yaml");
        Files.writeString(declared, declaration);
        try (SnapSimulator snap = new SnapSimulator(SNAP_CLIENT, SNAP_SECRET, SNAP_REFRESH).start();
             ChildRuntime child = ChildRuntime.prod("crash-dpa", "snap", tmp.resolve("data"))
                     .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", SNAP_CLIENT)
                     .env("SNAP_CLIENT_SECRET", SNAP_SECRET).env("SNAP_REFRESH_TOKEN", SNAP_REFRESH)
                     .property("snap.catalogs-file", catalogs.toString()).property("snap.campaigns-file", declared.toString())) {
            LongSupplier writes = () -> snap.journal().count(e -> e.method().equals("POST") && e.path().startsWith("/v1/"));
            BooleanSupplier done = () -> snap.campaigns(account).size() >= campaigns && snap.campaigns(account).stream()
                    .allMatch(c -> snap.adSquads(c.path("id").asText()).size() >= 2);
            List<String> kills = new ArrayList<>();
            child.start();
            for (int k = 0; k < 2; k++) {
                // each start provisions the catalog, then the campaigns: the kill lands after a random number of creates
                long at = writes.getAsLong() + 1 + random.nextInt(campaigns);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> writes.getAsLong() >= at || done.getAsBoolean());
                child.kill9();
                kills.add("after " + writes.getAsLong() + " creates");
                child.start();
            }
            await().atMost(Duration.ofSeconds(90)).until(done::getAsBoolean);
            child.stop();
            report("dpa", kills.size(), "campaigns=" + campaigns + " kills " + kills, child, began);

            List<String> names = snap.campaigns(account).stream().map(c -> c.path("name").asText()).sorted().toList();
            assertEquals(campaigns, names.size(), "each campaign once: " + names);
            assertEquals(campaigns, new HashSet<>(names).size(), names.toString());
            snap.campaigns(account).forEach(c -> assertEquals(List.of("Acme", "In stock"),
                    snap.adSquads(c.path("id").asText()).stream().map(s -> s.path("name").asText()).sorted().toList(), c.toString()));
            assertEquals(1, snap.dynamicTemplates(account).size());
            assertEquals(1, snap.catalogs().size());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (f) a Snap feed upload in progress

    @Test
    void killedWhileFollowingASnapUploadFollowsItAtOnceAfterTheRestart() throws Exception {
        long began = System.nanoTime();
        Path data = tmp.resolve("data");
        Path catalogs = tmp.resolve("snap-catalogs.yaml");
        Files.writeString(catalogs, """
                catalogs:
                  - key: shop
                    organization_id: 0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e
                    name: Shop
                    feeds:
                      - {key: shoes, name: Shoes, default_currency: USD}
                """);
        try (SnapSimulator snap = new SnapSimulator(SNAP_CLIENT, SNAP_SECRET, SNAP_REFRESH).uploadStep(Duration.ofMillis(100)).start();
             ChildRuntime child = ChildRuntime.prod("crash-snap-upload", "snap", data)
                     .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", SNAP_CLIENT)
                     .env("SNAP_CLIENT_SECRET", SNAP_SECRET).env("SNAP_REFRESH_TOKEN", SNAP_REFRESH)
                     .property("snap.catalogs-file", catalogs.toString())
                     .property("snap.campaigns-file", tmp.resolve("snap-campaigns.yaml").toString())
                     // the feed's schedule next fires in 2099: only a run asked for (before the kill) or the restart follows it
                     .property("snap.feed.cron", "0 0 0 1 1 ? 2099")
                     .property("snap.upload.poll-initial-ms", "200").property("snap.upload.poll-max-ms", "400")) {
            LongSupplier asked = () -> snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/feed_uploads"));
            child.start();
            drop(data.resolve("inbox/snap/shoes"), "shoes.csv", "s-", 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("feeds/shoes.csv"))
                    && Files.exists(data.resolve("state/snap/provisioning.json")));

            // Snap keeps the upload in progress; adrelay follows it when it is killed
            snap.holdUploads();
            HttpResponse<String> run = child.send(HttpRequest.newBuilder(child.uri("/ops/jobs/snap-upload-feed-shoes/run"))
                    .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(202, run.statusCode(), run.body());
            Path memory = data.resolve("state/snap/uploads/shoes.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(memory)
                    && Json.MAPPER.readTree(memory.toFile()).path("pending").has("upload_id"));
            String uploadId = Json.MAPPER.readTree(memory.toFile()).path("pending").path("upload_id").asText();
            long polls = snap.journal().count(e -> e.path().endsWith("/feed_uploads/" + uploadId));
            await().atMost(Duration.ofSeconds(10)).until(() -> snap.journal().count(e -> e.path().endsWith("/feed_uploads/" + uploadId)) > polls);
            child.kill9();

            child.start();
            long restarted = System.nanoTime();
            snap.releaseUploads();
            Path report = data.resolve("outbox/snap/feed-uploads").resolve(uploadId + ".json");
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(report));
            double followedIn = (System.nanoTime() - restarted) / 1e9;
            assertEquals("COMPLETE", Json.MAPPER.readTree(report.toFile()).path("status").asText());
            assertEquals(1, asked.getAsLong(), "the upload in progress is followed, not asked for again");
            assertEquals("COMPLETE", snap.feedUpload(uploadId).path("status").asText());
            child.stop();
            report("snap-upload", 1, String.format("upload followed to COMPLETE %.1f s after the restart", followedIn), child, began);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Waits for the condition, or until the time is up: the assertions that follow say what is missing. */
    static void awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(atMost).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException notYet) {
            // the assertions say what is missing
        }
    }

    ChildRuntime apisync(String name, Path data, ApisyncSimulator apisync, int writesPerSecond) {
        return ChildRuntime.prod(name, "apisync", data)
                .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                .property("apisync.write.throttle.requests", String.valueOf(writesPerSecond))
                .property("apisync.read.throttle.requests", "100");
    }

    static String item(String reference) {
        return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\", \"available\": true,"
                + " \"content_language\": \"pt-br\", \"title\": \"Shoe " + reference + "\"}";
    }

    static HttpResponse<String> postItems(ChildRuntime child, String body) throws IOException, InterruptedException {
        return child.send(HttpRequest.newBuilder(child.uri("/webhooks/apisync/inventory-items"))
                .header(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Stored APISync requests not yet synced. */
    static long pendingRequests(Path data) throws IOException {
        return FileIntakeStore.pendingIn(data.resolve("state/apisync/requests")).size();
    }

    /** reference_id -> how many inventory items hold it at the simulator. */
    static Map<String, Integer> references(ApisyncSimulator apisync) {
        Map<String, Integer> counts = new HashMap<>();
        apisync.records("inventory-items").forEach(r -> counts.merge(r.path("attributes").path("reference_id").asText(), 1, Integer::sum));
        return counts;
    }

    /** Successful POSTs beyond the first per reference_id: records sent again after a restart (upserts, not duplicates). */
    static int resent(ApisyncSimulator apisync) throws IOException {
        Map<String, Integer> posts = new HashMap<>();
        for (JournalEntry e : apisync.journal().matching("POST", "/inventory-items")) {
            if (e.status() / 100 == 2) {
                posts.merge(Json.MAPPER.readTree(e.body()).path("data").path("attributes").path("reference_id").asText(), 1, Integer::sum);
            }
        }
        return posts.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** Writes a feed of n valid rows beside the inbox, then moves it in: the consumer never sees a half-copied drop. */
    static Path drop(Path inbox, String name, String idPrefix, int rows) throws IOException {
        Files.createDirectories(inbox);
        Path staging = inbox.getParent().resolve(name + ".staging");
        try (Writer out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            out.write("id,title,description,link,image_link,availability,price,condition,brand,gtin\n");
            for (int i = 0; i < rows; i++) {
                String id = idPrefix + i;
                out.write(id + ",Shoe " + id + ",A comfortable shoe for every day," + "https://shop.example/p/" + id
                        + ",https://shop.example/i/" + id + ".jpg,in stock,19.99 USD,new,Acme,\n");
            }
        }
        return Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The dropped file the feed's summary names (written once the feed is published), or "". */
    static String publishedFile(Path data) {
        try {
            return Json.MAPPER.readTree(data.resolve("state/snap/feeds/big.json").toFile()).path("file").asText();
        } catch (IOException absent) {
            return "";
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException absent) {
            return -1;
        }
    }

    /**
     * Which version the published feed is: 0 when absent, v + 1 when it is version v complete (its header,
     * exactly its rows, each whole). A partial or mixed file fails the test.
     */
    static int publishedVersion(Path feed, int[] versions) throws IOException {
        if (!Files.exists(feed)) {
            return 0;
        }
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(feed, StandardCharsets.UTF_8)) {
            records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(feed + " is not a whole CSV: " + e.getMessage(), e);
        }
        String prefix = records.isEmpty() ? "" : records.get(0).get("id").replaceAll("-.*", "-");
        int v = prefix.isEmpty() ? -1 : Integer.parseInt(prefix.substring(1, prefix.length() - 1));
        assertTrue(v >= 0 && v < versions.length && records.size() == versions[v],
                feed + " holds " + records.size() + " rows starting with " + prefix + ": not a complete version");
        for (int i = 0; i < records.size(); i++) {
            CSVRecord r = records.get(i);
            if (!r.isConsistent() || !r.get("id").equals(prefix + i) || !"Acme".equals(r.get("brand"))) {
                throw new AssertionError(feed + " row " + i + " is damaged: " + r);
            }
        }
        return v + 1;
    }

    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** Every visible file under outbox/, feeds/ and state/ parses: JSON as JSON, CSV as rectangular CSV. */
    static void assertNoPartialFiles(Path data) throws IOException {
        List<String> broken = new ArrayList<>();
        for (String top : List.of("outbox", "feeds", "state")) {
            Path dir = data.resolve(top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (isTemp(f) || name.endsWith(".camelLock")) {
                        continue;
                    }
                    try {
                        if (name.endsWith(".json")) {
                            JsonNode node = Json.MAPPER.readTree(f.toFile());
                            if (node == null || node.isMissingNode()) {
                                broken.add(f + ": empty");
                            }
                        } else if (name.endsWith(".csv")) {
                            try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                                int width = -1;
                                for (CSVRecord r : CSVFormat.DEFAULT.parse(in)) {
                                    width = width < 0 ? r.size() : width;
                                    if (r.size() != width) {
                                        broken.add(f + ": line " + r.getRecordNumber() + " has " + r.size() + " fields, not " + width);
                                        break;
                                    }
                                }
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        broken.add(f + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "no partial file is visible");
    }

    /** After a clean start and stop, no hidden temp file of an interrupted write is left anywhere. */
    static void assertNoTempFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            assertEquals(List.of(), files.filter(CrashIT::isTemp).map(Path::toString).toList(), "leftover temp files");
        }
    }

    static boolean isTemp(Path f) {
        String name = f.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f);
    }

    static void report(String scenario, int kills, String figures, ChildRuntime child, long began) {
        System.out.printf("CrashIT[%s] seed=%d kills=%d %s peakRSS=%dMiB starts=%d time=%.1fs%n", scenario, SEED, kills, figures,
                child.peakRssMiB(), child.starts(), (System.nanoTime() - began) / 1e9);
    }

    /**
     * Posts inventory items, one per request, from a few threads as fast as adrelay answers, until a
     * request fails (the process is gone). Each reference is posted once: 202 acknowledged, another
     * status refused, no answer unanswered (it may or may not have been stored).
     */
    static final class Sender {
        final ChildRuntime child;
        final String prefix;
        final AtomicInteger next = new AtomicInteger();
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        final AtomicBoolean failed = new AtomicBoolean();
        ExecutorService threads;

        Sender(ChildRuntime child, String prefix) {
            this.child = child;
            this.prefix = prefix;
        }

        void start(int n) {
            failed.set(false);
            threads = Executors.newFixedThreadPool(n);
            for (int i = 0; i < n; i++) {
                threads.submit(this::send);
            }
        }

        private void send() {
            while (!failed.get()) {
                String reference = prefix + next.getAndIncrement();
                try {
                    HttpResponse<String> answer = postItems(child, item(reference));
                    (answer.statusCode() == 202 ? acked : refused).add(reference);
                } catch (IOException | RuntimeException e) {
                    unanswered.add(reference);
                    failed.set(true);
                } catch (InterruptedException e) {
                    unanswered.add(reference);
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void join() throws InterruptedException {
            threads.shutdown();
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("senders did not stop");
            }
        }
    }
}
