package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.snap.SnapTestRuntime;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snap, BuySellAds and Statlas from three adrelay JVMs in the cluster profile on one real PostgreSQL (TestPostgres),
 * sharing one data dir, against the three simulators (and Drive, which the Statlas flow needs).
 * <p>
 * Limits: every node pushes work to each API at once (a feed upload of its own on each node, a BuySellAds backfill of
 * one report per node, Statlas uploads dropped in the shared inbox and taken by whichever node). Each limit is the
 * simulator's, scaled to a 1-s window where the API's own is per minute, and each node's budget is set to that whole
 * limit: only a budget shared by the nodes keeps their sum under it. Snap's is its own 10 requests/s per token, the
 * nodes sharing one token (SNAP_ACCESS_TOKEN). From each simulator's journal: the most requests in any 1-s window, the
 * 429s, each effect once.
 * <p>
 * A DPA run killed: the Snap DPA job fires on schedule (every 5 s) on one node, creates the template and the campaign,
 * then sends the ad squads' create, which Snap acts on only {@link #ACT_LATE} later and never answers; that node is
 * killed (SIGKILL) meanwhile. Another node recovers the firing (Quartz's clustered store), finds the create in doubt
 * (the dead node's call, remembered in the database), looks for its ad squads at Snap rather than creating them again,
 * and finishes the run: each object made once, none missing, the dead node's run closed as failed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEgressIT {

    static final String SNAP_TOKEN = "snap-static-token-cluster-egress";
    static final String BSA_KEY = "bsa-key-cluster-egress";
    static final String STATLAS_KEY = "statlas-key-cluster-egress";
    static final String STATLAS_SECRET = "statlas-hook-secret-cluster-egress";
    static final String DRIVE_TOKEN = "drive-token-cluster-egress";
    static final String ORG = "0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e";
    static final String ACCOUNT = SnapTestRuntime.DPA_ACCOUNT;
    static final String DPA_JOB = "snap-provision-campaigns";
    static final List<String> FEEDS = List.of("demo", "more", "extra");
    static final List<String> BSA_REPORTS = List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats");
    static final int BSA_DAYS = 4;

    /** Snap's own limit, per token and second (the nodes share a token). */
    static final int SNAP_LIMIT = 10;
    /** BuySellAds' 60/min and Statlas' 100, 30 and 10/min, scaled to these per second. */
    static final int BSA_LIMIT = 4;
    static final int STATLAS_GETS = 6;
    static final int STATLAS_WRITES = 3;
    static final int STATLAS_UPLOADS = 2;
    /** Each node's budget period for a 1-s limit: the API's own plus 5 %, as application.properties sets them. */
    static final String PERIOD_MS = "1050";
    /** Snap acts on the ad squads' create this long after it arrives, past the recovery of the dead node's firing. */
    static final Duration ACT_LATE = Duration.ofSeconds(12);

    static final String CATALOGS = """
            catalogs:
              - key: spring
                organization_id: %1$s
                name: Spring shop
                feeds:
                  - {key: demo, name: Spring products, default_currency: USD}
                product_sets:
                  - {name: In stock, filter: {AVAILABILITY: {EQ: IN_STOCK}}}
                  - {name: Acme, filter: {BRAND: {IS_ANY: [Acme]}}}
              - key: autumn
                organization_id: %1$s
                name: Autumn shop
                feeds:
                  - {key: more, name: Autumn products, default_currency: USD}
              - key: winter
                organization_id: %1$s
                name: Winter shop
                feeds:
                  - {key: extra, name: Winter products, default_currency: USD}
            """.formatted(ORG);

    /** SnapDpaIT's declaration: a template, a campaign, two creatives, two ad squads with an ad each. */
    static final String CAMPAIGNS = SnapTestRuntime.DPA_DECLARATION;

    @TempDir
    static Path tmp;

    static Path shared;
    static Path campaigns;
    static TestPostgres postgres;
    static SnapSimulator snap;
    static BsaSimulator bsa;
    static StatlasSimulator statlas;
    static DriveSimulator drive;
    static final List<ChildRuntime> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = TestPostgres.start();
        // Snap moves an upload on every 400 ms: each node polls its upload many times
        snap = new SnapSimulator("snap-client-unused", "snap-secret-unused", "snap-refresh-unused").acceptStaticToken(SNAP_TOKEN)
                .uploadStep(Duration.ofMillis(400)).start();
        bsa = new BsaSimulator(BSA_KEY, LocalDate.now(), BSA_LIMIT, Duration.ofSeconds(1)).start();
        statlas = new StatlasSimulator(STATLAS_KEY, STATLAS_GETS, STATLAS_WRITES, STATLAS_UPLOADS, Duration.ofSeconds(1)).start();
        drive = new DriveSimulator(Files.createDirectories(tmp.resolve("drive")), DRIVE_TOKEN).start();
        shared = tmp.resolve("shared");
        Path declarations = Files.createDirectories(tmp.resolve("declarations"));
        Path catalogs = Files.writeString(declarations.resolve("snap-catalogs.yaml"), CATALOGS);
        // nothing declared yet: the DPA test saves its declaration
        campaigns = Files.writeString(declarations.resolve("snap-campaigns.yaml"), "# nothing yet\n");
        for (int i = 1; i <= 3; i++) {
            nodes.add(ChildRuntime.clusterNode("egress-node" + i, "snap,bsa,statlas", shared, postgres)
                    .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_ACCESS_TOKEN", SNAP_TOKEN)
                    .env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", BSA_KEY)
                    .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                    .env("STATLAS_WEBHOOK_SECRET", STATLAS_SECRET).env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID)
                    .env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN).env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/")
                    .property("snap.catalogs-file", catalogs.toString()).property("snap.campaigns-file", campaigns.toString())
                    // the DPA job on schedule only (a save is not looked for during the test): a firing the cluster can recover
                    .property("snap.catalogs.check-period-ms", "600000").property("snap.campaigns.cron", "0/5 * * * * ?")
                    // uploads on ops runs only; each node polls its upload often
                    .property("snap.feed.cron", "0 0 0 1 1 ? 2099")
                    .property("snap.upload.poll-initial-ms", "50").property("snap.upload.poll-max-ms", "100")
                    // a create in doubt is looked for once Snap has acted (ACT_LATE), not sent again
                    .property("adrelay.egress.check-after-ms", String.valueOf(ACT_LATE.plusSeconds(3).toMillis()))
                    // the simulators' whole limits for each node: only a budget shared by the nodes keeps their sum under them
                    .property("bsa.throttle.requests", String.valueOf(BSA_LIMIT)).property("bsa.throttle.period-ms", PERIOD_MS)
                    .property("statlas.get.throttle.requests", String.valueOf(STATLAS_GETS)).property("statlas.get.throttle.period-ms", PERIOD_MS)
                    .property("statlas.write.throttle.requests", String.valueOf(STATLAS_WRITES))
                    .property("statlas.write.throttle.period-ms", PERIOD_MS)
                    .property("statlas.upload.throttle.requests", String.valueOf(STATLAS_UPLOADS))
                    .property("statlas.upload.throttle.period-ms", PERIOD_MS)
                    // BuySellAds pulls on ops runs only
                    .property("bsa.catch-up.enabled", "false")
                    // a node that dies is noticed within seconds
                    .property("adrelay.cluster.checkin-interval-ms", "2000")
                    .heap("192m"));
        }
        ChildRuntime.launchTogether(nodes);
    }

    @AfterAll
    static void stopCluster() {
        ChildRuntime.stopAll(nodes, snap, bsa, statlas, drive, postgres);
    }

    @Test
    @Order(1)
    void feedUploadsOnEveryNodeAtOnceStayWithinSnapsLimit() throws Exception {
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        for (String feed : FEEDS) {
            Path inbox = Files.createDirectories(shared.resolve("inbox/snap").resolve(feed));
            String csv = "id,title,description,link,image_link,availability,price,condition,brand,gtin\n"
                    + row(feed + "-1") + row(feed + "-2") + row(feed + "-3");
            Files.move(Files.writeString(staging.resolve(feed + ".csv"), csv), inbox.resolve(feed + ".csv"), StandardCopyOption.ATOMIC_MOVE);
        }
        // each published (taken by one node, moved to .done/ once the published feed is recorded)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> FEEDS.stream().allMatch(
                feed -> Files.exists(shared.resolve("inbox/snap").resolve(feed).resolve(".done").resolve(feed + ".csv"))));

        // every node provisioned the catalogs at its start, one after the other: each object made once
        List<String> made = new ArrayList<>();
        snap.catalogs().forEach(catalog -> {
            made.add("catalog " + catalog.path("name").asText());
            snap.productFeeds(catalog.path("id").asText()).forEach(feed -> made.add("feed " + feed.path("name").asText()));
            snap.productSets(catalog.path("id").asText()).forEach(set -> made.add("product set " + set.path("name").asText()));
        });
        assertEquals(List.of("catalog Autumn shop", "catalog Spring shop", "catalog Winter shop", "feed Autumn products",
                "feed Spring products", "feed Winter products", "product set Acme", "product set In stock"),
                made.stream().sorted().toList(), "made at Snap by three nodes provisioning at their start");

        Instant from = Instant.now();
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            runs.add(run(nodes.get(n), "snap-upload-feed-" + FEEDS.get(n), ""));
        }
        for (int n = 0; n < runs.size(); n++) {
            HttpResponse<String> answer = runs.get(n).get();
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(Json.MAPPER.readTree(answer.body()).path("outcome").asText().startsWith("COMPLETE"), FEEDS.get(n) + ": " + answer.body());
        }

        List<JournalEntry> calls = since(snap.journal().entries(), from);
        int most = JournalFigures.mostInAWindow(calls, Duration.ofSeconds(1));
        long tooMany = JournalFigures.tooMany(calls);
        Map<String, Long> asked = new LinkedHashMap<>();
        snap.catalogs().forEach(catalog -> snap.productFeeds(catalog.path("id").asText()).forEach(feed ->
                asked.put(feed.path("name").asText(), (long) snap.feedUploads(feed.path("id").asText()).size())));
        long duplicated = asked.values().stream().filter(n -> n > 1).count();
        long lost = asked.values().stream().filter(n -> n == 0).count();
        System.out.println("ClusterEgressIT: Snap, 3 nodes, a feed upload on each at once: " + calls.size() + " requests in "
                + spanMs(calls) + " ms, most in any 1-s window " + most + " (limit " + SNAP_LIMIT + " per token, one token), 429s "
                + tooMany + ", uploads per feed " + asked + ", lost " + lost + ", duplicated " + duplicated);
        assertEquals(0, tooMany, "429s from Snap");
        assertTrue(most <= SNAP_LIMIT, most + " requests in one second");
        assertEquals(3, asked.size(), "three feeds at Snap, one per catalog: " + asked + " (catalogs " + snap.catalogs().size() + ")");
        assertEquals(0, lost, "feeds never uploaded: " + asked);
        assertEquals(0, duplicated, "feeds uploaded twice: " + asked);
    }

    @Test
    @Order(2)
    void aBackfillOfEachReportOnDifferentNodesAtOnceStaysWithinBuySellAdsLimit() throws Exception {
        LocalDate last = LocalDate.now().minusDays(1);
        LocalDate first = last.minusDays(BSA_DAYS - 1);
        Instant from = Instant.now();
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        for (int r = 0; r < BSA_REPORTS.size(); r++) {
            runs.add(run(nodes.get(r % nodes.size()), "bsa-pull-report-" + BSA_REPORTS.get(r),
                    "{\"from\": \"" + first + "\", \"to\": \"" + last + "\", \"force\": true}"));
        }
        for (int r = 0; r < runs.size(); r++) {
            HttpResponse<String> answer = runs.get(r).get();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("succeeded", Json.MAPPER.readTree(answer.body()).path("status").asText(), BSA_REPORTS.get(r) + ": " + answer.body());
        }

        List<JournalEntry> calls = since(bsa.journal().entries(), from);
        int most = JournalFigures.mostInAWindow(calls, Duration.ofSeconds(1));
        long tooMany = JournalFigures.tooMany(calls);
        // each report and day pulled once: one answered GET, one file in the outbox
        Map<String, Integer> pulls = new LinkedHashMap<>();
        calls.stream().filter(e -> e.status() == 200).forEach(e -> pulls.merge(e.path() + " " + query(e, "startDate"), 1, Integer::sum));
        long duplicated = pulls.values().stream().filter(n -> n > 1).count();
        long files = 0;
        for (String report : BSA_REPORTS) {
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                files += Files.exists(shared.resolve("outbox/bsa").resolve(report).resolve(day + ".csv")) ? 1 : 0;
            }
        }
        int wanted = BSA_REPORTS.size() * BSA_DAYS;
        System.out.println("ClusterEgressIT: BuySellAds, 3 nodes, " + BSA_REPORTS.size() + " reports x " + BSA_DAYS + " days backfilled at once: "
                + calls.size() + " requests in " + spanMs(calls) + " ms, most in any 1-s window " + most + " (limit " + BSA_LIMIT
                + ", the spec's 60/min scaled), 429s " + tooMany + ", files " + files + " of " + wanted + ", lost " + (wanted - files)
                + ", duplicated " + duplicated);
        assertEquals(0, tooMany, "429s from BuySellAds");
        assertTrue(most <= BSA_LIMIT, most + " requests in one second");
        assertEquals(wanted, files, "a file per report and day");
        assertEquals(wanted, pulls.size(), "each report and day pulled: " + pulls);
        assertEquals(0, duplicated, "pulled twice: " + pulls);
    }

    @Test
    @Order(3)
    void uploadsDroppedInTheSharedInboxStayWithinStatlasLimits() throws Exception {
        assertEquals(202, statlas.sendBatchCreated(nodes.get(0).uri("/webhooks/statlas?token=" + STATLAS_SECRET).toString(), "BAT001"));
        // the batch is known to adrelay once its Drive folders are made
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                Files.isDirectory(tmp.resolve("drive/BAMBU-XMAS-001/BAMBU-XMAS-001-05")));
        Path staging = Files.createDirectories(tmp.resolve("staging-statlas"));
        List<String> dropped = new ArrayList<>();
        Instant from = Instant.now();
        for (int ad = 1; ad <= 5; ad++) {
            Path folder = Files.createDirectories(shared.resolve("inbox/statlas/BAT001").resolve(String.valueOf(ad)));
            for (int take = 1; take <= 2; take++) {
                String name = "ad" + ad + "-take" + take + ".mp4";
                Files.move(Files.writeString(staging.resolve(name), ("video " + name).repeat(50)), folder.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE);
                dropped.add(ad + "/" + name);
            }
        }
        Predicate<JournalEntry> upload = e -> e.method().equals("POST") && e.path().endsWith("/assets");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> dropped.stream().allMatch(
                d -> Files.exists(shared.resolve("inbox/statlas/BAT001").resolve(d.replace("/", "/.done/")))));

        List<JournalEntry> calls = since(statlas.journal().entries(), from);
        int gets = JournalFigures.mostInAWindow(calls.stream().filter(e -> e.method().equals("GET")).toList(), Duration.ofSeconds(1));
        int writes = JournalFigures.mostInAWindow(calls.stream().filter(e -> !e.method().equals("GET") && !upload.test(e)).toList(),
                Duration.ofSeconds(1));
        int uploads = JournalFigures.mostInAWindow(calls.stream().filter(upload).toList(), Duration.ofSeconds(1));
        long tooMany = JournalFigures.tooMany(calls);
        // dropped file -> its uploads Statlas took (the multipart body names the file)
        Map<String, Long> taken = new LinkedHashMap<>();
        for (String drop : dropped) {
            String ad = drop.substring(0, drop.indexOf('/'));
            String name = drop.substring(drop.indexOf('/') + 1);
            taken.put(drop, calls.stream().filter(upload.and(e -> e.status() / 100 == 2 && e.path().endsWith("/ads/" + ad + "/assets")
                    && e.body().contains(name))).count());
        }
        long lost = taken.values().stream().filter(n -> n == 0).count();
        long duplicated = taken.values().stream().filter(n -> n > 1).count();
        System.out.println("ClusterEgressIT: Statlas, 3 nodes sharing an inbox, " + dropped.size() + " files dropped: " + calls.size()
                + " requests in " + spanMs(calls) + " ms, most in any 1-s window: GET " + gets + " (limit " + STATLAS_GETS + "), POST/PATCH "
                + writes + " (limit " + STATLAS_WRITES + "), uploads " + uploads + " (limit " + STATLAS_UPLOADS
                + "; the spec's 100, 30, 10/min scaled), 429s " + tooMany + ", uploaded " + (dropped.size() - lost) + ", lost " + lost
                + ", duplicated " + duplicated);
        assertEquals(0, tooMany, "429s from Statlas");
        assertTrue(gets <= STATLAS_GETS, gets + " GETs in one second");
        assertTrue(writes <= STATLAS_WRITES, writes + " writes in one second");
        assertTrue(uploads <= STATLAS_UPLOADS, uploads + " uploads in one second");
        assertEquals(0, lost, "files never uploaded: " + taken);
        assertEquals(0, duplicated, "uploaded twice: " + taken);
    }

    @Test
    @Order(4)
    void aDpaRunWhoseNodeIsKilledIsFinishedByAnotherNodeEachObjectMadeOnce() throws Exception {
        // the ad squads' create reaches Snap, which acts on it late and never answers
        snap.faults().next(1, "POST", "/v1/campaigns/", Fault.actLate(ACT_LATE));
        Files.writeString(campaigns, CAMPAIGNS);
        // the next firing reads the declaration, makes the template and the campaign, then sends the ad squads
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> snap.faults().pending() == 0);
        Instant sent = Instant.now();
        Run running = runs(nodes, Instant.EPOCH).stream().filter(r -> r.status().equals("running")).findFirst().orElseThrow();
        ChildRuntime holder = nodes.stream().filter(n -> n.name().equals(running.node())).findFirst().orElseThrow();
        assertEquals(1, snap.campaigns(ACCOUNT).size(), "the campaign is made before its ad squads");
        assertEquals(0, snap.campaigns(ACCOUNT).stream().mapToInt(c -> snap.adSquads(c.path("id").asText()).size()).sum(),
                "the ad squads are not made yet");
        holder.kill9();
        Instant killed = Instant.now();

        List<ChildRuntime> alive = nodes.stream().filter(ChildRuntime::isAlive).toList();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> runs(alive, killed).stream()
                    .anyMatch(r -> r.trigger().equals("recovered") && !r.status().equals("running")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no recovered run of " + DPA_JOB + " ended on the nodes left: " + runs(alive, killed), e);
        }
        Run recovered = runs(alive, killed).stream().filter(r -> r.trigger().equals("recovered")).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(snap::idle);

        int templates = snap.dynamicTemplates(ACCOUNT).size();
        List<JsonNode> madeCampaigns = List.copyOf(snap.campaigns(ACCOUNT));
        String campaignId = madeCampaigns.get(0).path("id").asText();
        List<? extends JsonNode> squads = snap.adSquads(campaignId);
        int creatives = snap.creatives(ACCOUNT).size();
        int ads = squads.stream().mapToInt(s -> snap.ads(s.path("id").asText()).size()).sum();
        long squadCreates = snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/adsquads"));
        JsonNode dead = Json.MAPPER.readTree(alive.get(0).get("/ops/runs/" + running.runId()).body());
        System.out.println("ClusterEgressIT: DPA run " + running.runId() + " on " + running.node() + " killed with its ad squads' create in"
                + " flight (Snap acting " + ACT_LATE.toSeconds() + " s late); " + recovered.node() + " recovered the firing "
                + Duration.between(killed, recovered.startedAt()).toMillis() + " ms after the kill (" + recovered.status() + "): templates "
                + templates + ", campaigns " + madeCampaigns.size() + ", ad squads " + squads.size() + " (POSTed " + squadCreates
                + " times), creatives " + creatives + ", ads " + ads + "; the dead run " + dead.path("status").asText() + " ("
                + dead.path("summary").asText() + "), " + Duration.between(sent, Instant.now()).toMillis() + " ms from the send");
        assertEquals("succeeded", recovered.status(), "the recovered run: " + recovered);
        assertEquals(1, templates, "templates");
        assertEquals(1, madeCampaigns.size(), "campaigns");
        assertEquals(2, squads.size(), "ad squads: " + squads);
        assertEquals(1, squadCreates, "the create in doubt was looked for at Snap, not sent again");
        assertEquals(2, creatives, "creatives");
        assertEquals(2, ads, "ads");
        assertEquals("failed", dead.path("status").asText(), dead.toString());
        assertTrue(dead.path("summary").asText().startsWith("failed: node " + running.node() + " stopped"), dead.toString());
    }

    record Run(String node, String runId, String trigger, String status, Instant startedAt) {
    }

    /** The DPA job's runs that these nodes list, begun since a time, each once, in order. */
    static List<Run> runs(List<ChildRuntime> of, Instant since) throws Exception {
        Map<String, Run> runs = new LinkedHashMap<>();
        for (ChildRuntime node : of) {
            if (!node.isAlive()) {
                continue;
            }
            for (JsonNode run : Json.MAPPER.readTree(node.get("/ops/runs?job=" + DPA_JOB).body()).path("runs")) {
                Instant started = Instant.parse(run.path("started_at").asText());
                if (!started.isBefore(since)) {
                    runs.putIfAbsent(run.path("run_id").asText(), new Run(run.path("node").asText(), run.path("run_id").asText(),
                            run.path("trigger").asText(), run.path("status").asText(), started));
                }
            }
        }
        return runs.values().stream().sorted((a, b) -> a.startedAt().compareTo(b.startedAt())).toList();
    }

    /** POST /ops/jobs/{job}/run?wait=true on a node, sent now, answered later. */
    static CompletableFuture<HttpResponse<String>> run(ChildRuntime node, String job, String body) {
        return node.client().sendAsync(HttpRequest.newBuilder(node.uri("/ops/jobs/" + job + "/run?wait=true"))
                .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String row(String id) {
        return id + ",Shoe " + id + ",A shoe,https://shop.example/" + id + ",https://x.com/" + id + ".jpg,in stock,19.99 USD,new,Acme,\n";
    }

    static List<JournalEntry> since(List<JournalEntry> entries, Instant from) {
        return entries.stream().filter(e -> !e.time().isBefore(from)).toList();
    }

    static long spanMs(List<JournalEntry> calls) {
        return calls.isEmpty() ? 0 : Duration.between(calls.get(0).time(), calls.get(calls.size() - 1).time()).toMillis();
    }

    static String query(JournalEntry e, String name) {
        for (String pair : String.valueOf(e.rawQuery()).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

}
