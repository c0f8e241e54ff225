package io.adrelay.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.Sandbox;
import io.adrelay.sandbox.SimulatorStarter;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator's console in a real browser (Debian's chromium, driven through chromedriver) against the sandbox with an
 * ops token set: only the token form until the token is given; the jobs; a BuySellAds run over 3 days followed by its
 * progress bar to succeeded; a dead letter made by the sandbox's BuySellAds, replayed, gone from the list; the flows.
 * Screenshots of each page, and the page's weight and first paint, go to target/console-screenshots/.
 */
@CamelMainTest(properties = "adrelay.profile=sandbox")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

    static final Path CHROMIUM = Path.of(System.getProperty("adrelay.it.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("adrelay.it.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final LocalDate YESTERDAY = LocalDate.now().minusDays(1);
    static final String JOB = "bsa-pull-report-daily-stats";

    // one application and one browser for the class: made with the instance (JUnit's temp dirs come later)
    final Path data = temporary("adrelay-console-data");
    final Path profile = temporary("adrelay-console-chromium");
    @BeanInject
    CamelContext context;

    TestRuntime app;
    ChromeDriver browser;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = new TestRuntime().set("adrelay.data-dir", data.toString()).set("adrelay.sandbox.port-base", "0")
                .set("adrelay.ops-token", TestRuntime.OPS_TOKEN)
                // a run of 3 days lasts a couple of seconds: its progress can be watched
                .set("bsa.throttle.requests", "1").set("bsa.throttle.period-ms", "800")
                .set("adrelay.retry.initial-delay-ms", "50").set("adrelay.retry.max-delay-ms", "500")
                // the demo feed's upload is followed closely
                .set("snap.upload.poll-initial-ms", "100");
        main.addMainListener(app);
        main.addMainListener(new SimulatorStarter());
    }

    @BeforeAll
    void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("ConsoleIT drives a real browser: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed. Install Debian's packages"
                    + " chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does it when they are absent)");
        }
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver named: Selenium Manager never looks for (or downloads) one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        for (Path dir : List.of(profile, data)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path temporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theConsolesAnswersForbidInlineScriptFramingSniffingAndReferrers() {
        for (String path : List.of("/console", "/console/console.js", "/console/console.css")) {
            HttpResponse<String> file = app.send(HttpRequest.newBuilder(app.uri(path)).GET());
            assertEquals(200, file.statusCode(), path);
            String policy = file.headers().firstValue("Content-Security-Policy").orElse("");
            for (String directive : List.of("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")) {
                assertTrue(policy.contains(directive), path + ": " + policy);
            }
            assertFalse(policy.contains("unsafe-"), policy);
            assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("no-referrer", file.headers().firstValue("Referrer-Policy").orElse(""), path);
            assertFalse(file.headers().firstValue("Authorization").isPresent(), "no request header is echoed");
        }
        String page = app.send(HttpRequest.newBuilder(app.uri("/console")).GET()).body();
        assertFalse(page.contains("<script>") || page.contains(" style=") || page.contains(" onclick="), "nothing inline:\n" + page);
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing from another origin:\n" + page);
        assertEquals(404, app.send(HttpRequest.newBuilder(app.uri("/console/application.properties")).GET()).statusCode());
        assertEquals(404, app.send(HttpRequest.newBuilder(app.uri("/console/..%2Fapplication.properties")).GET()).statusCode());
    }

    @Test
    void anOperatorGivesTheTokenRunsAndFollowsAJobThenReplaysADeadLetter() throws Exception {
        String bsaKey = context.resolvePropertyPlaceholders("{{bsa.api-key}}");
        // the start-up catch-up (one BuySellAds call per report) is over before the faults are queued
        for (String report : List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")) {
            await().atMost(Duration.ofSeconds(40)).until(() -> app.get("/ops/runs?job=bsa-pull-report-" + report).body().contains("\"succeeded\""));
        }

        browser.get(app.uri("/console").toString());
        WebElement form = browser.findElement(By.id("token-form"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("token")).equals(active()));
        assertTrue(form.isDisplayed());
        assertFalse(browser.findElement(By.id("tabs")).isDisplayed(), "no tabs before the token");
        assertTrue(browser.findElements(By.cssSelector(".page")).stream().noneMatch(WebElement::isDisplayed), "no page before the token");
        assertEquals(0, browser.findElements(By.cssSelector("#jobs tbody tr")).size(), "no data before the token");
        Map<String, Object> figures = new LinkedHashMap<>(figures());
        screenshot("1-token-form");

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("token-submit")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("token-error")).getText().contains("refused"));
        assertFalse(browser.findElement(By.id("tabs")).isDisplayed());

        browser.findElement(By.id("token")).sendKeys(TestRuntime.OPS_TOKEN);
        browser.findElement(By.id("token-submit")).click();
        WebElement row = await().atMost(Duration.ofSeconds(10)).until(() -> jobRow(JOB), r -> r != null && r.isDisplayed());
        assertFalse(browser.findElement(By.id("token-form")).isDisplayed());
        assertEquals(TestRuntime.OPS_TOKEN, script("return sessionStorage.getItem('adrelay.ops-token')"), "kept for the session");
        assertFalse(browser.getCurrentUrl().contains(TestRuntime.OPS_TOKEN), browser.getCurrentUrl());
        assertEquals("0 15 6 * * ?", row.findElement(By.cssSelector(".cron")).getText());
        assertTrue(row.findElement(By.cssSelector(".outcome")).getText().startsWith("pulled ["), "the catch-up's outcome");
        assertTrue(browser.findElements(By.cssSelector("#jobs tr.job")).size() >= 8, "every job of the sandbox");

        // run now, over 3 days: the bar follows the run to its end
        LocalDate from = YESTERDAY.minusDays(4);
        LocalDate to = YESTERDAY.minusDays(2);
        setValue(row.findElement(By.cssSelector("input.from")), from.toString());
        setValue(row.findElement(By.cssSelector("input.to")), to.toString());
        row.findElement(By.cssSelector("button.run")).click();
        WebElement progress = browser.findElement(By.cssSelector("#jobs tr.progress[data-job='" + JOB + "']"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> "running".equals(progress.getAttribute("data-status")));
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen.add(progress.findElement(By.cssSelector(".run-done")).getText());
            return "succeeded".equals(progress.getAttribute("data-status"));
        });
        WebElement bar = progress.findElement(By.tagName("progress"));
        assertEquals("3", bar.getAttribute("max"));
        assertEquals("3", bar.getAttribute("value"));
        assertEquals("3 / 3 days", progress.findElement(By.cssSelector(".run-done")).getText());
        assertEquals("pulled [" + from + ".." + to + "], skipped [], failed []", progress.findElement(By.cssSelector(".run-summary")).getText());
        assertTrue(seen.stream().anyMatch(s -> s.matches("[0-2] / 3 days")), "the bar moved while the run went: " + seen);
        screenshot("2-jobs");

        // BuySellAds refuses the next pull: a dead letter, shown from the run's history row
        BsaSimulator bsa = context.hasService(Sandbox.class).simulator(BsaSimulator.class).orElseThrow();
        bsa.faults().next(1, "/lineitems", Fault.body(401, "application/json", "{\"error\": \"Invalid API key\"}"));
        WebElement lineitems = jobRow("bsa-pull-report-lineitems");
        setValue(lineitems.findElement(By.cssSelector("input.from")), YESTERDAY.minusDays(6).toString());
        setValue(lineitems.findElement(By.cssSelector("input.to")), YESTERDAY.minusDays(6).toString());
        lineitems.findElement(By.cssSelector("button.run")).click();
        WebElement failed = browser.findElement(By.cssSelector("#jobs tr.progress[data-job='bsa-pull-report-lineitems']"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(failed.getAttribute("data-status")));
        new Select(browser.findElement(By.id("history-job"))).selectByValue("bsa-pull-report-lineitems");
        new Select(browser.findElement(By.id("history-status"))).selectByVisibleText("failed");
        WebElement letterLink = await().atMost(Duration.ofSeconds(15))
                .until(() -> browser.findElements(By.cssSelector("#history tbody button.link")), l -> l.size() == 1).get(0);
        String letterId = letterLink.getText();
        letterLink.click();

        WebElement card = await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("#letters article[data-letter='" + letterId + "']")), l -> l.size() == 1).get(0);
        assertTrue(card.getAttribute("class").contains("highlight"));
        String shown = card.getText();
        assertTrue(shown.contains("401") && shown.contains("Invalid API key"), "the API's own error:\n" + shown);
        assertTrue(shown.contains("GET ") && shown.contains("/lineitems"), "the request:\n" + shown);
        assertTrue(shown.contains("key=" + SecretMasker.MASK), "the key masked:\n" + shown);
        assertFalse(browser.getPageSource().contains(bsaKey), "the BuySellAds key shows nowhere");
        assertTrue(browser.findElement(By.id("letters-count")).getText().contains("1"));
        screenshot("3-dead-letters");

        // the key is put right; BuySellAds asks the replay to slow down once, then answers
        bsa.faults().next(1, "/lineitems", Fault.tooManyRequests(1));
        card.findElement(By.cssSelector("button.replay")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElement(By.id("letters-outcome")).getText().contains("Replayed " + letterId + ": ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElements(By.cssSelector("#letters article")).isEmpty());
        assertTrue(browser.findElement(By.id("letters")).getText().contains("No dead letters."));
        assertTrue(Files.exists(data.resolve("outbox/bsa/lineitems").resolve(YESTERDAY.minusDays(6) + ".csv")), "the replay pulled the day");

        // another refusal, one that will never be replayed: dismissed with a reason, gone from the list, kept
        bsa.faults().next(1, "/lineitems", Fault.body(401, "application/json", "{\"error\": \"Invalid API key\"}"));
        browser.findElement(By.cssSelector("#tabs button[data-page='jobs']")).click();
        WebElement again = jobRow("bsa-pull-report-lineitems");
        setValue(again.findElement(By.cssSelector("input.from")), YESTERDAY.minusDays(8).toString());
        setValue(again.findElement(By.cssSelector("input.to")), YESTERDAY.minusDays(8).toString());
        again.findElement(By.cssSelector("button.run")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(browser.findElement(
                By.cssSelector("#jobs tr.progress[data-job='bsa-pull-report-lineitems']")).getAttribute("data-status")));
        browser.findElement(By.cssSelector("#tabs button[data-page='letters']")).click();
        WebElement toDismiss = await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("#letters article")), l -> l.size() == 1).get(0);
        String dismissedId = toDismiss.getAttribute("data-letter");
        toDismiss.findElement(By.cssSelector("button.dismiss")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("letters-outcome")).getText().contains("A reason is needed"));
        toDismiss.findElement(By.cssSelector("input.dismiss-reason")).sendKeys("that account was closed");
        toDismiss.findElement(By.cssSelector("button.dismiss")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("letters-outcome")).getText().equals("Dismissed " + dismissedId + ": that account was closed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElements(By.cssSelector("#letters article")).isEmpty());
        JsonNode dismissed = Json.MAPPER.readTree(app.get("/ops/dead-letters?state=dismissed").body()).path("dead_letters");
        assertEquals(1, dismissed.size(), dismissed.toString());
        assertEquals("that account was closed", dismissed.get(0).path("dismissed_reason").asText());

        // the flows: BuySellAds' budget window, the one 429 (the 401 is none), the last success the replay's
        browser.findElement(By.cssSelector("#tabs button[data-page='flows']")).click();
        // read in one go: the page refreshes itself every few seconds
        List<String> bsaFlow = await().atMost(Duration.ofSeconds(10)).until(() -> cellsOf("#flows tr[data-api='bsa'] > *"), c -> c.size() == 6);
        assertTrue(bsaFlow.get(2).matches("[01] / 1 per 800 ms \\(bsa-egress-get\\)"), "the budget's window: " + bsaFlow);
        assertEquals("1", bsaFlow.get(3), "429s seen: " + bsaFlow);
        assertTrue(bsaFlow.get(4).endsWith("UTC"), "last success: " + bsaFlow);
        assertEquals("0", bsaFlow.get(5), "dead letters: " + bsaFlow);
        assertEquals(List.of("apisync", "bsa", "snap", "statlas"), cellsOf("#flows tbody tr > th"));
        // the catch-up pulled yesterday, the run 3 days before, the replay one more for lineitems
        await().atMost(Duration.ofSeconds(10)).until(() -> cellsOf("#bsa-pulls tr[data-report='daily-stats'] > *"), c -> c.size() == 5);
        assertEquals(List.of("daily-stats", YESTERDAY.toString()), cellsOf("#bsa-pulls tr[data-report='daily-stats'] > *").subList(0, 2));
        assertEquals("4", cellsOf("#bsa-pulls tr[data-report='daily-stats'] > *").get(4));
        assertEquals("2", cellsOf("#bsa-pulls tr[data-report='lineitems'] > *").get(4));
        // the daily chart: one bar a day, the day's spend summed from its normalised file
        List<String> spend = await().atMost(Duration.ofSeconds(10))
                .until(() -> attributesOf("#bsa-daily rect.spend", "data-value"), bars -> bars.size() == 4);
        java.math.BigDecimal yesterdaysSpend = java.math.BigDecimal.ZERO;
        try (var rows = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(data.resolve("outbox/bsa/daily-stats").resolve(YESTERDAY + ".normalized.csv")))) {
            for (var day : rows) {
                yesterdaysSpend = yesterdaysSpend.add(new java.math.BigDecimal(day.get("Spend")));
            }
        }
        assertEquals(0, yesterdaysSpend.compareTo(new java.math.BigDecimal(spend.get(3))), "yesterday's bar: " + spend);
        assertEquals(4, attributesOf("#bsa-daily rect.impressions", "data-value").size());
        List<String> health = cellsOf("#health tbody td");
        for (String check : List.of("data-dir", "routes", "declarations", "consumers")) {
            assertEquals("UP", health.get(health.indexOf(check) + 1), check + " in " + health);
        }
        assertTrue(cellsOf("#refused li").get(0).startsWith("None"), "nothing refused");
        assertFalse(browser.getPageSource().contains(bsaKey));
        screenshot("4-flows");

        // the plan of an edited campaigns declaration: exactly the one update, field by field, and nothing sent
        browser.findElement(By.cssSelector("#tabs button[data-page='plan']")).click();
        browser.findElement(By.cssSelector("#plan-edit summary")).click();
        String edited = Files.readString(Path.of("routes/snap-campaigns.yaml"))
                .replaceFirst("daily_budget_micro: 50000000", "daily_budget_micro: 70000000");
        setValue(browser.findElement(By.id("plan-declaration")), edited);
        browser.findElement(By.id("plan-edited")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("plan-outcome")).getText().contains("edited declaration"));
        List<String> updates = cellsOf("#plan tbody tr.update");
        assertEquals(1, updates.size(), "exactly the one update: " + cellsOf("#plan tbody tr"));
        assertTrue(updates.get(0).contains("Prospecting") && updates.get(0).contains("daily_budget_micro: 50000000 → 70000000"), updates.get(0));
        assertTrue(cellsOf("#plan-summary li").stream().anyMatch(line -> line.startsWith("campaigns: ") && line.contains("updated 1 ad squad")),
                cellsOf("#plan-summary li").toString());
        screenshot("5-plan");

        // Snap: the demo feed's upload (now, or the schedule's), the last DPA run object by object, a product set previewed
        HttpResponse<String> upload = app.post("/ops/jobs/snap-upload-feed-demo/run?wait=true", "");
        if (upload.statusCode() == 409) {
            String running = Json.MAPPER.readTree(upload.body()).path("run_id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> !app.get("/ops/runs/" + running).body().contains("\"running\""));
        }
        JsonNode uploaded = Json.MAPPER.readTree(data.resolve("state/snap/uploads/demo.json").toFile());
        JsonNode report = Json.MAPPER.readTree(data.resolve("outbox/snap/feed-uploads/" + uploaded.path("last_upload_id").asText() + ".json").toFile());
        assertEquals("COMPLETE", report.path("status").asText(), report.toString());
        browser.findElement(By.cssSelector("#tabs button[data-page='snap']")).click();
        List<String> feed = await().atMost(Duration.ofSeconds(10)).until(() -> cellsOf("#snap-feeds tr[data-feed='demo'] > *"), c -> c.size() == 8);
        assertEquals(List.of("demo", "demo", "COMPLETE"), feed.subList(0, 3), "the feed's last upload: " + feed);
        assertTrue(feed.get(3).endsWith("UTC"), feed.toString());
        JsonNode summary = report.path("summary");
        assertEquals(summary.path("total_items").asLong() + " (" + summary.path("items_modified").asLong() + " modified, "
                + summary.path("items_deleted").asLong() + " deleted)", feed.get(4), feed.toString());
        assertEquals(summary.path("items_errored").asText(), feed.get(5), feed.toString());
        StringBuilder issues = new StringBuilder();
        summary.path("issues_summary").path("errors").fields().forEachRemaining(i -> issues.append(i.getKey()).append(": ").append(i.getValue()));
        summary.path("issues_summary").path("recommendations").fields()
                .forEachRemaining(i -> issues.append(i.getKey()).append(": ").append(i.getValue()).append(" (recommendation)"));
        assertEquals(issues.isEmpty() ? "—" : issues.toString(), feed.get(6), "Snap's issues by code: " + feed);
        // the objects as state/snap/campaigns.json holds them, with the reason of each one refused or skipped
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(campaignCells(), cellsOf("#snap-objects tbody td")));
        assertTrue(cellsOf("#snap-objects tbody tr").stream().anyMatch(r -> r.startsWith("campaign") && r.contains("adrelay demo DPA")),
                "the demo campaign: " + cellsOf("#snap-objects tbody tr"));
        assertTrue(cellsOf("#snap-dpa-run").get(0).startsWith("Last run "), cellsOf("#snap-dpa-run").toString());
        // a preview asks Snap, for the set whose name needs encoding in the path
        JsonNode expected = Json.MAPPER.readTree(app.get("/ops/snap/product-sets/demo/In%20stock/preview").body());
        browser.findElement(By.cssSelector("#snap-sets tr[data-set='In stock'] button.preview")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("snap-preview-total")).getText().contains("match"));
        assertTrue(expected.path("total").asLong() > 0, "the upload put products in the set: " + expected);
        assertTrue(browser.findElement(By.id("snap-preview-total")).getText().startsWith(expected.path("total").asLong() + " products match"),
                browser.findElement(By.id("snap-preview-total")).getText());
        List<String> products = cellsOf("#snap-preview-products tbody tr > td:first-child");
        assertEquals(expected.path("products").size(), products.size());
        assertEquals(expected.path("products").get(0).path("external_id").asText(), products.get(0));
        script("window.scrollTo(0, 0)");
        screenshot("6-snap");

        // Statlas: the open batches, each ad's readiness in Drive as the last poll saw it (the sandbox's BAT002 waits for files)
        JsonNode batches = await().atMost(Duration.ofSeconds(20)).until(() -> Json.MAPPER.readTree(app.get("/ops/statlas/batches").body()),
                b -> b.path("batches").findValues("polled_at").stream().anyMatch(JsonNode::isTextual));
        browser.findElement(By.cssSelector("#tabs button[data-page='statlas']")).click();
        List<String> shownBatches = await().atMost(Duration.ofSeconds(10))
                .until(() -> attributesOf("#statlas-batches article", "data-batch"), l -> !l.isEmpty());
        assertEquals(openBatches(), shownBatches, "the registry's open batches, the delivered one left out");
        JsonNode waiting = batches.path("batches").findParents("batch_id").stream()
                .filter(b -> b.path("batch_id").asText().equals("BAT002")).findFirst().orElseThrow();
        List<String> expectedAds = new ArrayList<>();
        for (JsonNode ad : waiting.path("ads")) {
            expectedAds.addAll(List.of(ad.path("ad_no").asText(), ad.path("ad_code").asText(), ad.path("ad_type").asText(), ad.path("status").asText(),
                    ad.path("assets").asText(), ad.path("copy").asBoolean() ? "yes" : "no", ad.path("ready").asBoolean() ? "yes" : "no"));
        }
        assertEquals(List.of("0", "no", "no"), expectedAds.subList(4, 7), "nothing in the first ad's folder yet: " + waiting);
        List<String> shownAds = cellsOf("#statlas-batches article[data-batch='BAT002'] tbody tr > *");
        List<String> readiness = new ArrayList<>();
        for (int at = 0; at + 9 <= shownAds.size(); at += 9) {
            readiness.addAll(shownAds.subList(at, at + 7));
        }
        assertEquals(expectedAds, readiness);
        assertTrue(cellsOf("#statlas-batches article[data-batch='BAT002'] .meta").get(0).contains("0/2 ads ready"),
                cellsOf("#statlas-batches article[data-batch='BAT002'] .meta").toString());
        screenshot("7-statlas");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("401")).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "no script error, no policy violation");

        // again, as an operator coming back in the same tab: the token kept, the files cached
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("tabs")).isDisplayed());
        figures().forEach((name, value) -> figures.put("again_" + name, value));

        Files.writeString(SHOTS.resolve("figures.txt"), figures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n")
                .reduce("", String::concat));
        System.out.println("ConsoleIT figures: " + figures);
    }

    /** The page's weight (HTML + JS + CSS as sent) and its first paint, as Chromium's performance API measured them. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> figures() {
        await().atMost(Duration.ofSeconds(5)).until(() -> script("return performance.getEntriesByType('paint').length") instanceof Long n && n > 0);
        return (Map<String, Object>) script("""
                const nav = performance.getEntriesByType('navigation')[0];
                const files = [nav].concat(performance.getEntriesByType('resource').filter(r => r.name.includes('/console/')));
                const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, Math.round(p.startTime)]));
                return {page_bytes: files.reduce((sum, f) => sum + f.decodedBodySize, 0), files: files.length,
                        first_paint_ms: paint['first-paint'], first_contentful_paint_ms: paint['first-contentful-paint'],
                        dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd)};
                """);
    }

    /** The cells the Snap page shows for state/snap/campaigns.json, row after row. */
    private List<String> campaignCells() throws IOException {
        List<String> cells = new ArrayList<>();
        for (JsonNode o : Json.MAPPER.readTree(data.resolve("state/snap/campaigns.json").toFile()).path("objects")) {
            cells.addAll(List.of(o.path("kind").asText(), o.path("path").asText(), o.path("id").asText("—"), o.path("status").asText("—"),
                    o.path("review_status").asText("—"), o.path("outcome").asText(), o.path("reason").asText("")));
        }
        return cells;
    }

    /** The Statlas batches still in production, as the registry's files say. */
    private List<String> openBatches() throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.list(data.resolve("state/statlas/batches"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode entry = Json.MAPPER.readTree(file.toFile());
                if (List.of("submitted", "in_production").contains(entry.path("batch").path("status").asText())) {
                    open.add(entry.path("batch_id").asText());
                }
            }
        }
        return open;
    }

    @SuppressWarnings("unchecked")
    private List<String> attributesOf(String selector, String attribute) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))", selector, attribute);
    }

    /** The text of each element the selector finds, read in one script (no element goes stale between two reads). */
    @SuppressWarnings("unchecked")
    private List<String> cellsOf(String selector) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())", selector);
    }

    private WebElement jobRow(String job) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#jobs tr.job[data-job='" + job + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Object active() {
        return browser.switchTo().activeElement();
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    /** A date input's value, whatever the browser's locale shows. */
    private void setValue(WebElement input, String value) {
        script("arguments[0].value = arguments[1]", input, value);
    }

    private void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
