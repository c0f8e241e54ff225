package io.adrelay.bsa;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.RouteSteps;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BuySellAds flow: the whole application, prod profile, against the simulator on loopback. */
@CamelMainTest(properties = "adrelay.profile=prod")
class BsaReportFlowIT {

    static final String KEY = "bsa-test-key-7f3a9c";
    static final LocalDate YESTERDAY = LocalDate.now().minusDays(1);

    @TempDir
    Path data;

    final BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
    TestRuntime app;
    @BeanInject
    CamelContext context;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = TestRuntime.prod("bsa", data.toString())
                .set("bsa.base-url", bsa.baseUrl()).set("bsa.api-key", KEY)
                .set("bsa.catch-up.enabled", "false");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        bsa.close();
    }

    @Test
    void pullsAllFourReportsByteForByte() throws Exception {
        for (String report : List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")) {
            HttpResponse<String> run = runJob(report, "");
            assertEquals(200, run.statusCode(), run.body());
            Path file = report(report, YESTERDAY);
            assertArrayEquals(fetchDirect(report, YESTERDAY), Files.readAllBytes(file), report);
            assertTrue(Files.exists(file.resolveSibling(YESTERDAY + ".normalized.csv")), report);
        }
        String normalised = Files.readString(report("daily-stats", YESTERDAY).resolveSibling(YESTERDAY + ".normalized.csv"));
        assertFalse(normalised.contains("$"), normalised);
        assertFalse(normalised.contains("%"), normalised);
        assertTrue(bsa.journal().entries().stream().allMatch(e -> e.rawQuery().contains("key=" + KEY)
                && e.rawQuery().contains("startDate=" + YESTERDAY) && e.rawQuery().contains("type=csv")));
        assertTrue(bsa.journal().entries().stream().allMatch(e -> e.header("Authorization") == null),
                "the ops request's headers never travel to BuySellAds");
        assertTrue(allFiles().stream().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        assertFalse(app.get("/observe/metrics").body().contains(KEY), "the key is in no metric label");
    }

    @Test
    void backfillsARangeAndSkipsWhatIsAlreadyPulled() throws Exception {
        LocalDate from = YESTERDAY.minusDays(2);
        String range = "{\"from\": \"" + from + "\", \"to\": \"" + YESTERDAY + "\"}";
        assertEquals(200, runJob("daily-stats", range).statusCode());
        for (LocalDate d = from; !d.isAfter(YESTERDAY); d = d.plusDays(1)) {
            assertTrue(Files.exists(report("daily-stats", d)), d.toString());
        }
        assertEquals(3, bsa.journal().entries().size());

        String outcome = Json.MAPPER.readTree(runJob("daily-stats", range).body()).path("outcome").asText();
        assertTrue(outcome.startsWith("pulled [], skipped [" + from), outcome);
        assertEquals(3, bsa.journal().entries().size(), "nothing is pulled twice");

        runJob("daily-stats", "{\"from\": \"" + YESTERDAY + "\", \"to\": \"" + YESTERDAY + "\", \"force\": true}");
        assertEquals(4, bsa.journal().entries().size(), "force pulls again");
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterThenSucceeds() throws Exception {
        bsa.faults().next(1, Fault.tooManyRequests(1));
        assertEquals(200, runJob("lineitems", "").statusCode());
        List<JournalEntry> calls = bsa.journal().entries();
        assertEquals(List.of(429, 200), calls.stream().map(JournalEntry::status).toList());
        assertTrue(Duration.between(calls.get(0).time(), calls.get(1).time()).toMillis() >= 950,
                "waited for Retry-After: " + calls);
        assertArrayEquals(fetchDirect("lineitems", YESTERDAY), Files.readAllBytes(report("lineitems", YESTERDAY)));
    }

    @Test
    void serverErrorsTwiceThenSuccess() throws Exception {
        bsa.faults().next(2, Fault.status(500));
        assertEquals(200, runJob("creatives", "").statusCode());
        assertEquals(List.of(500, 500, 200), bsa.journal().entries().stream().map(JournalEntry::status).toList());
        assertTrue(Files.exists(report("creatives", YESTERDAY)));
        assertEquals(0, deadLetters().size());
    }

    @Test
    void garbageCsvIsDeadLetteredThenReplayed() throws Exception {
        bsa.faults().next(1, Fault.body(200, "text/html", "<html><body>Service temporarily unavailable</body></html>"));
        String outcome = Json.MAPPER.readTree(runJob("daily-stats", "").body()).path("outcome").asText();
        assertTrue(outcome.contains("failed [" + YESTERDAY + "]"), outcome);
        assertFalse(Files.exists(report("daily-stats", YESTERDAY)), "no file from garbage");
        assertEquals(1, bsa.journal().entries().size(), "garbage is final: not retried");

        JsonNode letter = deadLetters().get(0);
        assertTrue(letter.path("reason").asText().contains("header lacks lineitem_id"), letter.toString());
        JsonNode stored = Json.MAPPER.readTree(Files.readString(letterFile(letter.path("id").asText())));
        assertFalse(stored.toString().contains(KEY), "the key never reaches a dead letter");
        assertTrue(stored.path("request").asText().contains("key=" + io.adrelay.common.config.SecretMasker.MASK), stored.toString());

        HttpResponse<String> replay = app.post("/ops/dead-letters/" + letter.path("id").asText() + "/replay", "");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("ok", Json.MAPPER.readTree(replay.body()).path("outcome").asText(), replay.body());
        assertArrayEquals(fetchDirect("daily-stats", YESTERDAY), Files.readAllBytes(report("daily-stats", YESTERDAY)));
        assertEquals(0, deadLetters().size(), "a replayed letter is listed no more");
    }

    /**
     * A replay is a step of the ops route (an enrich of the route that sends the letter where it failed, on an exchange
     * of its own): a replay that fails again makes a letter of the route it failed in, as the first one did.
     */
    @Test
    void aReplayIsARouteStepAndItsNewLetterNamesTheRouteItFailedIn() throws Exception {
        assertEquals(List.of("enrich direct:ops-replay-dead-letter-send"), RouteSteps.sends(context, "ops-replay-dead-letter-core"));
        assertEquals(List.of("toD ${exchangeProperty.AdrelayReplayEndpoint}"), RouteSteps.sends(context, "ops-replay-dead-letter-send"));

        String garbage = "<html><body>Service temporarily unavailable</body></html>";
        bsa.faults().next(2, Fault.body(200, "text/html", garbage));
        runJob("creatives", "");
        String first = deadLetters().get(0).path("id").asText();
        HttpResponse<String> replay = app.post("/ops/dead-letters/" + first + "/replay", "");
        assertEquals(500, replay.statusCode(), "failed here, not refused by BuySellAds: " + replay.body());
        JsonNode answer = Json.MAPPER.readTree(replay.body());
        assertEquals("dead-lettered again", answer.path("outcome").asText(), replay.body());
        JsonNode again = Json.MAPPER.readTree(Files.readString(letterFile(answer.path("dead_letter").asText())));
        assertEquals("bsa-pull-report-day", again.path("route").asText(), again.toString());
        assertEquals("direct:bsa-pull-report-day", again.path("replay").path("endpoint").asText());
        assertEquals(2, bsa.journal().entries().size(), "the replay asked BuySellAds once more");
    }

    @Test
    void opsEndpointsNeedTheToken() {
        HttpResponse<String> anonymous = app.send(HttpRequest.newBuilder(app.uri("/ops/jobs")).GET());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("\"error\""));
        assertEquals(404, app.post("/ops/jobs/no-such-job/run", "").statusCode());
        assertEquals(400, runJob("lineitems", "{\"from\": \"last week\"}").statusCode());
        assertEquals(200, app.get("/ops/jobs").statusCode());
        assertEquals(200, app.send(HttpRequest.newBuilder(app.uri("/observe/health")).GET()).statusCode());
    }

    /** A key BuySellAds refuses: 401 is final, dead-lettered with BuySellAds' own words, never retried. */
    @Nested
    class WithARefusedKey {

        @Configure
        void wrongKey(MainConfigurationProperties main) {
            app.set("bsa.api-key", "a-revoked-key-000");
        }

        @Test
        void unauthorisedIsFinalAndDeadLettered() throws Exception {
            HttpResponse<String> run = runJob("lineitems", "");
            assertEquals(500, run.statusCode(), "a run that made a dead letter failed: " + run.body());
            assertEquals(Json.MAPPER.readTree(run.body()).path("dead_letters").get(0).asText(), deadLetters().get(0).path("id").asText());
            assertEquals(List.of(401), bsa.journal().entries().stream().map(JournalEntry::status).toList());
            JsonNode letter = deadLetters().get(0);
            assertEquals(401, letter.path("status").asInt());
            JsonNode stored = Json.MAPPER.readTree(Files.readString(letterFile(letter.path("id").asText())));
            assertEquals("Invalid API key", stored.path("error").path("message").asText());
            assertFalse(stored.toString().contains("a-revoked-key-000"));
            assertEquals("bsa-pull-report-day", stored.path("replay").path("endpoint").asText().replace("direct:", ""));
        }

        /**
         * The key is still refused: a replay of the letter is not answered 200 but 502, with BuySellAds' own error and the
         * new letter; that one, which will not be replayed before the key is fixed, is dismissed with a reason: it leaves
         * the list and is kept, with the reason, in the history.
         */
        @Test
        void aReplayThatFailsAgainIsA502WithTheApisError_andALetterIsDismissedWithAReason() throws Exception {
            runJob("lineitems", "");
            String first = deadLetters().get(0).path("id").asText();
            HttpResponse<String> replay = app.post("/ops/dead-letters/" + first + "/replay", "");
            assertEquals(502, replay.statusCode(), replay.body());
            JsonNode answer = Json.MAPPER.readTree(replay.body());
            assertTrue(answer.path("error").asText().contains("failed again"), replay.body());
            assertEquals(401, answer.path("api_error").path("status").asInt(), replay.body());
            assertEquals("Invalid API key", answer.path("api_error").path("message").asText(), replay.body());
            String again = answer.path("dead_letter").asText();
            assertEquals(List.of(again), deadLetters().stream().map(l -> l.path("id").asText()).toList(), "the new letter is the open one");

            // no reason, no dismissal
            assertEquals(400, delete("/ops/dead-letters/" + again, "").statusCode());
            assertEquals(400, delete("/ops/dead-letters/" + again, "{\"reason\": \"  \"}").statusCode());
            assertEquals(400, delete("/ops/dead-letters/" + again, "{\"why\": \"key revoked\"}").statusCode());
            assertEquals(404, delete("/ops/dead-letters/no-such-letter", "{\"reason\": \"x\"}").statusCode());
            assertEquals(1, deadLetters().size(), "a refused dismissal leaves the letter open");

            HttpResponse<String> dismissed = delete("/ops/dead-letters/" + again, "{\"reason\": \"the key was revoked; pulled again by hand\"}");
            assertEquals(200, dismissed.statusCode(), dismissed.body());
            assertEquals(again, Json.MAPPER.readTree(dismissed.body()).path("dismissed").asText());
            assertEquals(List.of(), deadLetters(), "a dismissed letter leaves the list");
            assertEquals(404, delete("/ops/dead-letters/" + again, "{\"reason\": \"twice\"}").statusCode(), "only an open letter is dismissed");
            assertEquals(404, app.post("/ops/dead-letters/" + again + "/replay", "").statusCode(), "nor replayed once dismissed");

            JsonNode history = Json.MAPPER.readTree(app.get("/ops/dead-letters?state=dismissed").body()).path("dead_letters");
            assertEquals(1, history.size(), history.toString());
            assertEquals(again, history.get(0).path("id").asText());
            assertEquals("the key was revoked; pulled again by hand", history.get(0).path("dismissed_reason").asText());
            assertFalse(history.get(0).path("dismissed_at").asText().isEmpty());
            assertEquals(401, history.get(0).path("status").asInt(), "with the API's error, as it was");
            JsonNode replayed = Json.MAPPER.readTree(app.get("/ops/dead-letters?state=replayed").body()).path("dead_letters");
            assertEquals(first, replayed.get(0).path("id").asText());
            assertEquals(400, app.get("/ops/dead-letters?state=gone").statusCode());
            assertTrue(Files.exists(data.resolve("dead-letter/bsa/.dismissed").resolve(again + ".json")));
        }
    }

    HttpResponse<String> delete(String path, String body) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Authorization", "Bearer " + TestRuntime.OPS_TOKEN)
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A key with the characters a query string gives a meaning to (+ / = & %): it reaches BuySellAds as it is, and is masked in both forms. */
    @Nested
    class WithAKeyOfReservedCharacters {

        static final String ODD_KEY = "SEC+mrk/BSA=k&y%z";
        final BsaSimulator odd = new BsaSimulator(ODD_KEY, LocalDate.now()).start();

        @Configure
        void oddKey(MainConfigurationProperties main) {
            app.set("bsa.base-url", odd.baseUrl()).set("bsa.api-key", ODD_KEY);
        }

        @AfterEach
        void stopOdd() {
            odd.close();
        }

        @Test
        void theKeyIsEncodedInTheQueryAndMaskedInEitherForm() throws Exception {
            HttpResponse<String> run = runJob("lineitems", "");
            assertEquals(200, run.statusCode(), run.body());
            assertEquals(List.of(200), odd.journal().entries().stream().map(JournalEntry::status).toList());
            assertTrue(Files.exists(report("lineitems", YESTERDAY)));

            // a dead letter quotes the request: neither the key nor its encoded form is in it
            odd.faults().next(1, Fault.body(200, "text/html", "<html>maintenance</html>"));
            runJob("daily-stats", "");
            JsonNode letter = deadLetters().get(0);
            String stored = Files.readString(letterFile(letter.path("id").asText()));
            String encoded = java.net.URLEncoder.encode(ODD_KEY, java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(stored.contains(ODD_KEY) || stored.contains(encoded) || stored.contains("mrk"), stored);
        }
    }

    /** The runtime was down for two days: at start each report pulls the days it missed, and only those. */
    @Nested
    class AfterDowntime {

        @Configure
        void catchUpOn(MainConfigurationProperties main) throws Exception {
            app.set("bsa.catch-up.enabled", "true");
            for (String r : List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")) {
                Files.createDirectories(report(r, YESTERDAY).getParent());
                Files.writeString(report(r, YESTERDAY.minusDays(2)), "pulled before the downtime");
            }
        }

        @Test
        void catchesUpTheMissedDaysAtStart() {
            await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")
                    .allMatch(r -> Files.exists(report(r, YESTERDAY)) && Files.exists(report(r, YESTERDAY.minusDays(1)))));
            assertEquals(8, bsa.journal().entries().size(), "two missed days of four reports, nothing else");
            assertTrue(bsa.journal().entries().stream().noneMatch(e -> e.rawQuery().contains(YESTERDAY.minusDays(2).toString())));
        }

        /** The catch-up route sends each report's run to the pull itself, one after the other (a split). */
        @Test
        void theCatchUpRouteSendsEachRunToThePull() {
            assertEquals(List.of("split {", "to direct:bsa-pull-report", "}"), RouteSteps.sends(context, "bsa-catch-up-reports"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")
                    .allMatch(r -> Files.exists(report(r, YESTERDAY))));
        }
    }

    /** A tight limit on the server and the same budget in adrelay's throttle: a backfill never meets a 429. */
    @Nested
    class UnderARateLimit {

        final BsaSimulator strict = new BsaSimulator(KEY, LocalDate.now(), 4, Duration.ofSeconds(2)).start();

        @Configure
        void tightBudget(MainConfigurationProperties main) {
            app.set("bsa.base-url", strict.baseUrl()).set("bsa.throttle.requests", "4").set("bsa.throttle.period-ms", "2100");
        }

        @AfterEach
        void stopStrict() {
            strict.close();
        }

        @Test
        void aBackfillStaysWithinTheLimit() {
            String range = "{\"from\": \"" + YESTERDAY.minusDays(9) + "\", \"to\": \"" + YESTERDAY + "\"}";
            assertEquals(200, runJob("daily-stats", range).statusCode());
            assertEquals(10, strict.journal().entries().size());
            assertTrue(strict.journal().entries().stream().allMatch(e -> e.status() == 200), "no 429: " + strict.journal().entries());
        }
    }

    HttpResponse<String> runJob(String report, String body) {
        return app.post("/ops/jobs/bsa-pull-report-" + report + "/run?wait=true", body);
    }

    List<JsonNode> deadLetters() throws Exception {
        HttpResponse<String> list = app.get("/ops/dead-letters");
        assertEquals(200, list.statusCode(), list.body());
        List<JsonNode> letters = new java.util.ArrayList<>();
        Json.MAPPER.readTree(list.body()).path("dead_letters").forEach(letters::add);
        return letters;
    }

    Path letterFile(String id) {
        return data.resolve("dead-letter/bsa").resolve(id + ".json");
    }

    Path report(String report, LocalDate day) {
        return data.resolve("outbox/bsa").resolve(report).resolve(day + ".csv");
    }

    byte[] fetchDirect(String report, LocalDate day) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bsa.baseUrl() + "/" + report + "?key=" + KEY
                + "&startDate=" + day + "&endDate=" + day + "&type=csv")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    List<Path> allFiles() throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
