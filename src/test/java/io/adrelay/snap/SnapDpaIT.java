package io.adrelay.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.LostAnswers;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snap DPA provisioning in the prod profile against the Snap simulator: a catalog whose feed was uploaded
 * (Acme products, in stock), then routes/snap-campaigns.yaml saved as an operator would.
 */
@CamelMainTest(properties = "adrelay.profile=prod")
class SnapDpaIT {

    static final String ACCOUNT = SnapTestRuntime.DPA_ACCOUNT;
    static final String JOB = "snap-provision-campaigns";

    /** The test catalog with a third product set: the feed brings no Globex product, so Globex matches none. */
    static final String CATALOGS = SnapTestRuntime.DECLARATION + "      - {name: Globex, filter: {BRAND: {IS_ANY: [Globex]}}}\n";

    static final String CAMPAIGNS = SnapTestRuntime.DPA_DECLARATION;

    @TempDir
    Path data;
    final SnapSimulator snap = SnapTestRuntime.simulator().uploadStep(Duration.ofMillis(50));
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = SnapTestRuntime.of(data, snap, CATALOGS);
        main.addMainListener(app);
    }

    @BeforeEach
    void feedUploaded() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(data.resolve("state/snap/provisioning.json")));
        SnapTestRuntime.publish(data, "feed.csv", SnapTestRuntime.HEADER + SnapTestRuntime.row("1") + SnapTestRuntime.row("2")
                + SnapTestRuntime.row("3"), 3);
        JsonNode upload = Json.MAPPER.readTree(app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());
        assertTrue(upload.path("outcome").asText().startsWith("COMPLETE"), upload.toString());
    }

    /** 429s a test asks the simulator for: the only ones allowed. */
    int injected429;

    @AfterEach
    void noRequestOverTheBudgetThenStop() {
        try {
            assertEquals(injected429, snap.journal().count(e -> e.status() == 429), "Snap never had to say 429 (10 requests/s per token)");
        } finally {
            snap.close();
        }
    }

    @Test
    void aDeclarationIsProvisionedFromNothingThenARunHasNothingToDo() throws Exception {
        JsonNode first = save(CAMPAIGNS, null);

        assertEquals("created 1 dynamic template, 1 campaign, 2 ad squads, 2 creatives, 2 ads", first.path("summary").asText());
        String catalogId = snap.catalogs().get(0).path("id").asText();
        ObjectNode campaign = only(snap.campaigns(ACCOUNT));
        assertEquals("Spring DPA", campaign.path("name").asText());
        assertEquals("PAUSED", campaign.path("status").asText(), "created paused: not declared ACTIVE");
        assertEquals(catalogId, campaign.path("product_properties").path("catalog_id").asText());
        List<ObjectNode> squads = snap.adSquads(campaign.path("id").asText());
        assertEquals(2, squads.size());
        ObjectNode retargeting = squads.stream().filter(s -> s.path("name").asText().equals("Retargeting")).findFirst().orElseThrow();
        String acme = setId(catalogId, "Acme");
        assertEquals(acme, retargeting.path("product_properties").path("product_set_id").asText());
        retargeting.path("targeting").path("product_audiences").forEach(a -> assertEquals(acme, a.path("product_set").asText()));
        String template = only(snap.dynamicTemplates(ACCOUNT)).path("id").asText();
        ObjectNode acmeCreative = snap.creatives(ACCOUNT).stream().filter(c -> c.path("name").asText().equals("Acme - web"))
                .findFirst().orElseThrow();
        assertEquals(template, acmeCreative.path("dynamic_render_properties").path("dynamic_template_id").asText());
        assertEquals(acme, acmeCreative.path("dynamic_render_properties").path("product_set_id").asText());
        ObjectNode ad = only(snap.ads(retargeting.path("id").asText()));
        assertEquals(acmeCreative.path("id").asText(), ad.path("creative_id").asText());
        assertEquals("REMOTE_WEBPAGE", ad.path("type").asText());
        assertEquals("PAUSED", ad.path("status").asText());

        // the spec gives dynamic templates and creatives no status: none is sent
        for (String kind : List.of("dynamic_templates", "creatives")) {
            JournalEntry create = snap.journal().entries().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/" + kind))
                    .findFirst().orElseThrow();
            Json.MAPPER.readTree(create.body()).path(kind).forEach(item -> assertFalse(item.has("status"), kind + ": " + item));
        }

        // the result per object: where it is declared, its id, status and review status
        JsonNode written = result(first, "ad", ACCOUNT + "/Spring DPA/Retargeting/Retargeting ad");
        assertEquals(ad.path("id").asText(), written.path("id").asText());
        assertEquals("created", written.path("outcome").asText());
        assertEquals(ad.path("review_status").asText(), written.path("review_status").asText());
        assertEquals(8, first.path("objects").size());
        assertEquals(List.of(3L, 3L), Stream.of("In stock", "Acme").map(set -> productCount(first, set)).toList());

        // a run with nothing changed only reads
        long writes = writes();
        JsonNode rerun = Json.MAPPER.readTree(app.post("/ops/jobs/" + JOB + "/run?wait=true", "").body());
        assertEquals("8 unchanged", rerun.path("outcome").asText(), rerun.toString());
        assertEquals(writes, writes(), "nothing sent");
    }

    @Test
    void anEditOfOneAdSquadUpdatesThatAdSquadOnly() throws Exception {
        JsonNode first = save(CAMPAIGNS, null);
        long writes = writes();

        JsonNode edited = save(CAMPAIGNS.replace("bid_micro: 1000000", "bid_micro: 2500000"), first);

        assertEquals("updated 1 ad squad; 7 unchanged", edited.path("summary").asText());
        assertEquals(writes + 1, writes(), "one request");
        JournalEntry update = snap.journal().entries().stream().filter(e -> e.method().equals("PUT")).findFirst().orElseThrow();
        assertTrue(update.path().endsWith("/adsquads"), update.path());
        JsonNode sent = Json.MAPPER.readTree(update.body()).path("adsquads");
        assertEquals(1, sent.size());
        assertEquals("Retargeting", sent.get(0).path("name").asText());
        assertEquals(result(first, "ad squad", ACCOUNT + "/Spring DPA/Retargeting").path("id").asText(), sent.get(0).path("id").asText());
        assertEquals("PAUSED", sent.get(0).path("status").asText(), "a status not declared is sent back as Snap has it");
        String campaignId = only(snap.campaigns(ACCOUNT)).path("id").asText();
        assertEquals(2_500_000, snap.adSquads(campaignId).stream().filter(s -> s.path("name").asText().equals("Retargeting"))
                .findFirst().orElseThrow().path("bid_micro").asLong());
    }

    @Test
    void aRefusedDeclarationIsReportedWholeAndThePreviousOneStaysInForce() throws Exception {
        save(CAMPAIGNS, null);
        long writes = writes();

        Files.writeString(campaignsFile(), CAMPAIGNS.replace("bid_micro: 1000000", "bid_micro: 5000")
                .replace("retention_seconds: 1209600, operation: INCLUDE", "retention_seconds: 60, operation: INCLUDE"));
        Path deadLetters = data.resolve("dead-letter/snap");
        await().atMost(Duration.ofSeconds(20)).until(() -> letters(deadLetters).size() == 1);
        JsonNode letter = Json.MAPPER.readTree(letters(deadLetters).get(0).toFile());
        String reason = letter.toString();
        assertTrue(reason.contains("ad_accounts[0].campaigns[0].ad_squads[1].bid_micro"), reason);
        assertTrue(reason.contains("ad_accounts[0].campaigns[0].ad_squads[1].targeting.product_audiences[0].retention_seconds"), reason);
        assertEquals(writes, writes(), "nothing of a refused declaration is sent");

        // the schedule's next run provisions the declaration in force, and does not report the refused file again
        JsonNode run = Json.MAPPER.readTree(app.post("/ops/jobs/" + JOB + "/run?wait=true", "").body());
        assertEquals("snap-campaigns.yaml as saved last was refused (see its dead letter), the declaration before it is in force:"
                + " 8 unchanged", run.path("outcome").asText(), run.toString());
        assertEquals(1, letters(deadLetters).size());

        // reported by health, after that run too, until the file is fixed
        JsonNode check = SnapTestRuntime.refusedDeclarations(app);
        String refusal = check.path("data").path("snap-campaigns.yaml").asText();
        assertTrue(refusal.contains(campaignsFile().toString()) && refusal.contains("ad_accounts[0].campaigns[0].ad_squads[1].bid_micro"),
                check.toString());
        save(CAMPAIGNS, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/observe/health").statusCode() == 200);
    }

    @Test
    void snapRefusingOneCreativeLetsTheRestGoOnAndTheSummarySaysWhy() throws Exception {
        String withGlobex = CAMPAIGNS.replace("        ad_squads:\n", String.join("\n",
                "          - {name: Globex - web, type: WEB_VIEW, template: Spring template, product_set: Globex, headline: Globex,",
                "             brand_name: Spring}",
                "        ad_squads:",
                "          - name: Globex prospecting",
                "            use_case: PROSPECTING",
                "            product_set: Globex",
                "            optimization_goal: SWIPES",
                "            bid_strategy: AUTO_BID",
                "            daily_budget_micro: 50000000",
                "            targeting: {geos: [{country_code: us}]}",
                "            ads: [{name: Globex ad, creative: Globex - web}]",
                ""));
        snap.expireTokensAfter(4);
        long tokens = snap.tokenRequests();

        JsonNode report = save(withGlobex, null);

        JsonNode creative = result(report, "creative", ACCOUNT + "/Spring DPA/Globex - web");
        assertEquals("refused", creative.path("outcome").asText());
        assertTrue(creative.path("reason").asText().toLowerCase().contains("product"), creative.toString());
        JsonNode ad = result(report, "ad", ACCOUNT + "/Spring DPA/Globex prospecting/Globex ad");
        assertEquals("skipped", ad.path("outcome").asText());
        assertEquals("its creative Globex - web is not at Snap", ad.path("reason").asText());
        assertEquals(0L, productCount(report, "Globex"));
        String summary = report.path("summary").asText();
        assertTrue(summary.startsWith("created 1 dynamic template, 1 campaign, 3 ad squads, 2 creatives, 2 ads; 2 not provisioned: "), summary);
        assertTrue(summary.endsWith("product sets matching no product (Snap refuses creatives on them): [spring/Globex]"), summary);
        assertEquals(2, snap.creatives(ACCOUNT).size());

        // the token expired in the middle of the run: one new token, the refused call made once more
        assertEquals(tokens + 1, snap.tokenRequests());
        assertEquals(1, snap.journal().count(e -> e.status() == 401));
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundAgainNotMadeTwice() throws Exception {
        snap.faults().next(1, "POST", "/v1/adaccounts/" + ACCOUNT + "/campaigns", Fault.lostAnswer());

        JsonNode report = save(CAMPAIGNS, null);

        assertEquals(1, snap.campaigns(ACCOUNT).size(), "the retry looks again before creating");
        assertEquals(2, snap.adSquads(only(snap.campaigns(ACCOUNT)).path("id").asText()).size());
        assertEquals(1, snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/campaigns")), "sent once, then found");
        assertEquals("created 1 dynamic template, 1 campaign, 2 ad squads, 2 creatives, 2 ads", report.path("summary").asText(),
                "what was found after the lost answer is what this run made");
    }

    @Test
    void aRetriedCallCountsOnce() throws Exception {
        save(CAMPAIGNS, null);
        injected429 = 2;
        snap.faults().next(2, "GET", "/v1/adsquads/", Fault.tooManyRequests(1));

        JsonNode rerun = Json.MAPPER.readTree(app.post("/ops/jobs/" + JOB + "/run?wait=true", "").body());

        assertEquals("8 unchanged", rerun.path("outcome").asText(), rerun.toString());
        assertEquals(8, Json.MAPPER.readTree(data.resolve("state/snap/campaigns.json").toFile()).path("objects").size());
    }

    @Test
    void aPreviewIsRetriedLikeEveryCall() throws Exception {
        injected429 = 1;
        snap.faults().next(1, "POST", "/v1/catalogs/", Fault.tooManyRequests(1));

        HttpResponse<String> preview = app.get("/ops/snap/product-sets/spring/" + encode("In stock") + "/preview");

        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals(3, Json.MAPPER.readTree(preview.body()).path("total").asInt());

        injected429 = 1 + 4;
        snap.faults().next(4, "POST", "/v1/catalogs/", Fault.tooManyRequests(1));
        HttpResponse<String> refused = app.get("/ops/snap/product-sets/spring/" + encode("In stock") + "/preview");
        assertEquals(502, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("429"), refused.body());
    }

    @Test
    void aNameSnapHoldsTwiceIsReportedNotSilentlyPicked() throws Exception {
        save(CAMPAIGNS, null);
        // someone made the template a second time at Snap
        ObjectNode copy = only(snap.dynamicTemplates(ACCOUNT)).deepCopy();
        copy.remove(List.of("id", "created_at", "updated_at"));
        snap.acceptStaticToken("a-token-of-someone-else");
        HttpResponse<String> made = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create(snap.apiUrl() + "/adaccounts/" + ACCOUNT + "/dynamic_templates"))
                .header("Authorization", "Bearer a-token-of-someone-else").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dynamic_templates\": [" + copy + "]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, made.statusCode(), made.body());
        assertEquals(2, snap.dynamicTemplates(ACCOUNT).size());

        JsonNode rerun = Json.MAPPER.readTree(app.post("/ops/jobs/" + JOB + "/run?wait=true", "").body());

        assertTrue(rerun.path("outcome").asText().contains("held twice or more at Snap (adrelay works on the first): [dynamic template "
                + ACCOUNT + "/Spring template ["), rerun.toString());
        JsonNode duplicate = Json.MAPPER.readTree(data.resolve("state/snap/campaigns.json").toFile()).path("duplicates").get(0);
        assertEquals(2, duplicate.path("ids").size(), duplicate.toString());
        assertEquals(2, snap.dynamicTemplates(ACCOUNT).size(), "nothing made, nothing removed");
    }

    @Test
    void aSaveAndARunAtOnceMakeEachObjectOnce() throws Exception {
        Files.writeString(campaignsFile(), CAMPAIGNS);
        // the run asked for now reads the saved file too, and overlaps the run the save starts
        CompletableFuture<HttpResponse<String>> asked = CompletableFuture.supplyAsync(() -> app.post("/ops/jobs/" + JOB + "/run?wait=true", ""));

        Path state = data.resolve("state/snap/campaigns.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> asked.isDone() && snap.journal().count(
                e -> e.method().equals("GET") && e.path().equals("/v1/adaccounts/" + ACCOUNT + "/campaigns")) == 2
                && "8 unchanged".equals(Json.MAPPER.readTree(state.toFile()).path("summary").asText()));
        assertEquals(200, asked.get().statusCode(), asked.get().body());
        assertEquals(1, snap.campaigns(ACCOUNT).size(), "one run at a time: the second finds what the first made");
        assertEquals(2, snap.adSquads(only(snap.campaigns(ACCOUNT)).path("id").asText()).size());
        assertEquals(2, snap.creatives(ACCOUNT).size());
        assertEquals(1, snap.dynamicTemplates(ACCOUNT).size());
    }

    @Test
    void aPreviewShowsWhatAProductSetHoldsAtSnap() throws Exception {
        HttpResponse<String> preview = app.get("/ops/snap/product-sets/spring/" + encode("In stock") + "/preview");

        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode answer = Json.MAPPER.readTree(preview.body());
        assertEquals(3, answer.path("total").asInt(), answer.toString());
        assertEquals(3, answer.path("products").size());
        assertEquals("Acme", answer.path("products").get(0).path("brand").asText());
        assertEquals(setId(snap.catalogs().get(0).path("id").asText(), "In stock"), answer.path("product_set_id").asText());
        assertFalse(answer.path("more").asBoolean());
        assertEquals(0, Json.MAPPER.readTree(app.get("/ops/snap/product-sets/spring/Globex/preview").body()).path("total").asInt());

        HttpResponse<String> unknown = app.get("/ops/snap/product-sets/spring/Initech/preview");
        assertEquals(404, unknown.statusCode());
        assertEquals("catalog spring declares no product set Initech", Json.MAPPER.readTree(unknown.body()).path("error").asText());
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/ops/snap/product-sets/spring/Acme/preview")).GET()).statusCode());
    }

    /**
     * Creates whose answer never comes, from a Snap that makes the object at once and holds its answer past
     * adrelay's read timeout ("hold"), or makes it after adrelay gave up waiting ("late"): each object is made
     * once and reported as created. Read timeout 1 s, Snap acting or answering 2.5 s after the request, the
     * check 6 s after the send.
     */
    @Nested
    class WhenAnAnswerIsLost {

        @Configure
        void shortTimeouts(MainConfigurationProperties main) {
            LostAnswers.shortTimeouts(app);
        }


        @ParameterizedTest
        @ValueSource(strings = {"hold", "late"})
        void aTemplateIsMadeOnceAndReportedCreated(String kind) throws Exception {
            snap.faults().next(1, "POST", "/v1/adaccounts/" + ACCOUNT + "/dynamic_templates", LostAnswers.fault(kind));

            JsonNode report = save(CAMPAIGNS, null);

            await().atMost(Duration.ofSeconds(10)).until(snap::idle);
            assertEquals(1, snap.dynamicTemplates(ACCOUNT).size(), snap.dynamicTemplates(ACCOUNT).toString());
            assertEquals(1, snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/dynamic_templates")));
            assertEquals("created", result(report, "dynamic template", ACCOUNT + "/Spring template").path("outcome").asText());
            assertEquals("created 1 dynamic template, 1 campaign, 2 ad squads, 2 creatives, 2 ads", report.path("summary").asText());
        }

        @ParameterizedTest
        @ValueSource(strings = {"hold", "late"})
        void aFeedUploadIsAskedForOnce(String kind) throws Exception {
            SnapTestRuntime.publish(data, "more.csv", SnapTestRuntime.HEADER + SnapTestRuntime.row("1") + SnapTestRuntime.row("4"), 2);
            Predicate<JournalEntry> ask = e -> e.method().equals("POST") && e.path().endsWith("/feed_uploads");
            long asked = snap.journal().count(ask);
            snap.faults().next(1, "POST", "/v1/product_feeds/", LostAnswers.fault(kind));

            JsonNode upload = Json.MAPPER.readTree(app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "").body());

            assertTrue(upload.path("outcome").asText().startsWith("COMPLETE: 2 items"), upload.toString());
            await().atMost(Duration.ofSeconds(10)).until(snap::idle);
            assertEquals(asked + 1, snap.journal().count(ask), "one more upload asked for");
        }
    }

    /**
     * A save, an ops run and the schedule (every 3 s) at once, with Snap taking 2 s over each create, so one run
     * lasts many seconds: runs take turns, and each object is made once.
     */
    @Nested
    class WhenRunsComeTogether {

        @Configure
        void everyThreeSeconds(MainConfigurationProperties main) {
            app.set("snap.campaigns.cron", "*/3 * * * * ?");
        }

        @Test
        void eachObjectIsMadeOnce() throws Exception {
            snap.faults().next(20, "POST", "/v1/adaccounts/" + ACCOUNT, Fault.delay(Duration.ofSeconds(2)));
            Files.writeString(campaignsFile(), CAMPAIGNS);
            CompletableFuture<HttpResponse<String>> asked = CompletableFuture.supplyAsync(() -> app.post("/ops/jobs/" + JOB + "/run?wait=true", ""));

            Path state = data.resolve("state/snap/campaigns.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> asked.isDone() && Files.exists(state)
                    && "8 unchanged".equals(Json.MAPPER.readTree(state.toFile()).path("summary").asText()) && snap.idle());
            assertEquals(1, snap.dynamicTemplates(ACCOUNT).size(), snap.dynamicTemplates(ACCOUNT).toString());
            assertEquals(1, snap.campaigns(ACCOUNT).size());
            assertEquals(2, snap.creatives(ACCOUNT).size());
            assertEquals(2, snap.adSquads(only(snap.campaigns(ACCOUNT)).path("id").asText()).size());
            assertEquals(1, snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/dynamic_templates")));
        }
    }

    /** The declaration is there before adrelay starts. */
    @Nested
    class AtStart {

        @Configure
        void declared(MainConfigurationProperties main) throws IOException {
            Files.writeString(campaignsFile(), CAMPAIGNS);
        }

        @Test
        void itIsProvisionedOnceAfterTheCatalogsItRefersTo() throws Exception {
            Path state = data.resolve("state/snap/campaigns.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(state));
            JsonNode report = Json.MAPPER.readTree(state.toFile());
            assertEquals("created", result(report, "campaign", ACCOUNT + "/Spring DPA").path("outcome").asText(), report.toString());
            Predicate<JournalEntry> listOfCampaigns = e -> e.method().equals("GET") && e.path().equals("/v1/adaccounts/" + ACCOUNT + "/campaigns");
            // not again when the file watcher first looks at the file: the catalog provisioning ran it
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> snap.journal().count(listOfCampaigns) == 1);
        }
    }

    /**
     * POST /ops/snap/plan, then the run: a new declaration (every object created, children after their parents), then an
     * edit (exactly the one update, field by field); each plan sends nothing, writes nothing, and says what the run then
     * logs. A refused declaration is planned as refused with each problem's path.
     */
    @Test
    void aPlanSaysWhatTheRunThenDoes() throws Exception {
        Path state = data.resolve("state/snap/campaigns.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(state));
        JsonNode refused = only(steps(plan(CAMPAIGNS.replace("catalog: spring", "catalog: autumn")), "campaigns"));
        assertEquals("refused", refused.path("action").asText());
        assertTrue(refused.path("problems").toString().contains("ad_accounts[0].campaigns[0].catalog"), refused.toString());
        HttpResponse<String> notADeclaration = app.send(HttpRequest.newBuilder(app.uri("/ops/snap/plan"))
                .header("Authorization", "Bearer " + TestRuntime.OPS_TOKEN).POST(HttpRequest.BodyPublishers.ofString("hello: world")));
        assertEquals(400, notADeclaration.statusCode());
        assertTrue(Json.MAPPER.readTree(notADeclaration.body()).path("error").asText().contains("no Snap declaration"));
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/ops/snap/plan")).POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        // a new declaration
        long writes = writes();
        String before = Files.readString(state);
        JsonNode plan = plan(CAMPAIGNS);
        assertEquals("created 1 dynamic template, 1 campaign, 2 ad squads, 2 creatives, 2 ads", plan.path("summary").path("campaigns").asText(),
                plan.toString());
        assertEquals("nothing to do", plan.path("summary").path("catalogs").asText(), "the saved catalogs, as provisioned");
        assertEquals(List.of("create"), actions(plan, "campaigns"), "children of objects the plan creates are created after them");
        assertEquals(8, steps(plan, "campaigns").size());
        assertEquals(writes, writes(), "a plan sends nothing");
        assertTrue(snap.campaigns(ACCOUNT).isEmpty());
        assertEquals(before, Files.readString(state), "a plan writes nothing");
        JsonNode first = save(CAMPAIGNS, null);
        assertEquals(plan.path("summary").path("campaigns").asText(), first.path("summary").asText(), "the run does what the plan said");

        // an edit
        writes = writes();
        before = Files.readString(state);
        String edited = CAMPAIGNS.replaceFirst("daily_budget_micro: 50000000", "daily_budget_micro: 70000000");
        plan = plan(edited);
        JsonNode update = only(steps(plan, "campaigns").stream().filter(step -> step.path("action").asText().equals("update")).toList());
        assertEquals("ad squad", update.path("kind").asText());
        assertEquals(ACCOUNT + "/Spring DPA/Prospecting", update.path("path").asText());
        assertEquals(1, update.path("changes").size(), update.toString());
        JsonNode change = update.path("changes").get(0);
        assertEquals(List.of("daily_budget_micro", "50000000", "70000000"), List.of(change.path("field").asText(),
                change.path("current").asText(), change.path("declared").asText()), update.toString());
        assertEquals(7, steps(plan, "campaigns").stream().filter(step -> step.path("action").asText().equals("unchanged")).count());
        assertEquals(writes, writes(), "a plan sends nothing");
        assertEquals(before, Files.readString(state), "a plan writes nothing");
        JsonNode second = save(edited, first);
        assertEquals(plan.path("summary").path("campaigns").asText(), second.path("summary").asText(), "the run does what the plan said");
        assertEquals("updated 1 ad squad; 7 unchanged", second.path("summary").asText());
    }

    /** POST /ops/snap/plan with a declaration (YAML) as the body. */
    private JsonNode plan(String declaration) throws IOException {
        HttpResponse<String> answer = app.send(HttpRequest.newBuilder(app.uri("/ops/snap/plan"))
                .header("Authorization", "Bearer " + TestRuntime.OPS_TOKEN).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(declaration)));
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.MAPPER.readTree(answer.body());
    }

    private static List<JsonNode> steps(JsonNode plan, String declaration) {
        List<JsonNode> steps = new ArrayList<>();
        plan.path("objects").forEach(step -> {
            if (step.path("declaration").asText().equals(declaration)) {
                steps.add(step);
            }
        });
        return steps;
    }

    private static List<String> actions(JsonNode plan, String declaration) {
        return steps(plan, declaration).stream().map(step -> step.path("action").asText()).distinct().toList();
    }

    /** Writes the DPA declaration and waits for the provisioning that follows (after the report given). */
    private JsonNode save(String declaration, JsonNode after) throws Exception {
        Path file = campaignsFile();
        Files.writeString(file, declaration);
        // a save within the same millisecond as the last must still be seen as one
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        String before = after == null ? "" : after.path("provisioned_at").asText();
        Path state = data.resolve("state/snap/campaigns.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(state)
                && !Json.MAPPER.readTree(state.toFile()).path("provisioned_at").asText().equals(before)
                && Json.MAPPER.readTree(state.toFile()).path("objects").size() > 0);
        return Json.MAPPER.readTree(state.toFile());
    }

    private Path campaignsFile() {
        return data.resolve("snap-campaigns.yaml");
    }

    private static JsonNode result(JsonNode report, String kind, String path) {
        for (JsonNode object : report.path("objects")) {
            if (object.path("kind").asText().equals(kind) && object.path("path").asText().equals(path)) {
                return object;
            }
        }
        throw new AssertionError("no " + kind + " " + path + " in " + report);
    }

    private static Long productCount(JsonNode report, String set) {
        for (JsonNode count : report.path("product_sets")) {
            if (count.path("product_set").asText().equals(set)) {
                return count.path("products").asLong();
            }
        }
        return null;
    }

    private String setId(String catalogId, String name) {
        return snap.productSets(catalogId).stream().filter(s -> s.path("name").asText().equals(name)).findFirst().orElseThrow()
                .path("id").asText();
    }

    private long writes() {
        Predicate<JournalEntry> write = e -> (e.method().equals("POST") || e.method().equals("PUT")) && e.path().startsWith("/v1/")
                && !e.path().endsWith("/products/search");
        return snap.journal().count(write);
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    private static List<Path> letters(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
