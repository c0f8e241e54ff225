package io.adrelay.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job runs over HTTP: the whole application, prod profile, BuySellAds jobs against the simulator. */
@CamelMainTest(properties = "adrelay.profile=prod")
class OpsRunsIT {

    static final String KEY = "bsa-test-key-7f3a9c";
    static final String JOB = "bsa-pull-report-daily-stats";
    static final LocalDate YESTERDAY = LocalDate.now().minusDays(1);

    @TempDir
    Path data;

    final BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = TestRuntime.prod("bsa", data.toString())
                .set("bsa.base-url", bsa.baseUrl()).set("bsa.api-key", KEY)
                .set("bsa.catch-up.enabled", "false")
                // 10 days take at least two throttle periods: the run is still going when the 202 is read
                .set("bsa.throttle.requests", "4").set("bsa.throttle.period-ms", "2100");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        bsa.close();
    }

    @Test
    void aRunOfARangeIsAnsweredAtOnceThenFollowedToItsEnd() throws Exception {
        LocalDate from = YESTERDAY.minusDays(9);
        HttpResponse<String> started = app.post("/ops/jobs/" + JOB + "/run", range(from, YESTERDAY));

        assertEquals(202, started.statusCode(), started.body());
        JsonNode answer = Json.MAPPER.readTree(started.body());
        String runId = answer.path("run_id").asText();
        assertEquals(JOB, answer.path("job").asText());
        assertEquals("running", answer.path("status").asText());
        assertEquals("/ops/runs/" + runId, started.headers().firstValue("Location").orElseThrow());

        // the 202 comes before Quartz fires the run: its total is known once the split over the days started
        await().atMost(Duration.ofSeconds(10)).until(() -> run(runId).path("progress").has("total"));
        JsonNode going = run(runId);
        assertEquals("running", going.path("status").asText(), going.toString());
        assertEquals("manual", going.path("trigger").asText());
        assertEquals(10, going.path("progress").path("total").asInt(), going.toString());
        assertEquals("days", going.path("progress").path("unit").asText());
        assertEquals(from.toString(), going.path("parameters").path("from").asText());
        assertEquals(runId, job(JOB).path("running_run_id").asText());

        await().atMost(Duration.ofSeconds(30)).until(() -> !run(runId).path("status").asText().equals("running"));
        JsonNode done = run(runId);
        assertEquals("succeeded", done.path("status").asText(), done.toString());
        assertEquals(10, done.path("progress").path("done").asInt());
        assertEquals(10, done.path("progress").path("total").asInt());
        assertEquals("pulled [" + from + ".." + YESTERDAY + "], skipped [], failed []", done.path("summary").asText());
        assertTrue(Instant.parse(done.path("finished_at").asText()).isAfter(Instant.parse(done.path("started_at").asText())));
        assertEquals(0, done.path("dead_letters").size());
        assertEquals(10, bsa.journal().entries().size());

        List<JsonNode> history = history(JOB);
        assertEquals(runId, history.get(0).path("run_id").asText());
        assertEquals(done, history.get(0));
        assertEquals(done.path("finished_at").asText(), job(JOB).path("last_run").asText());
        assertEquals(done.path("summary").asText(), job(JOB).path("last_outcome").asText());
        assertTrue(job(JOB).path("running_run_id").isMissingNode(), "not running any more");
        assertTrue(Files.exists(data.resolve("state/ops/runs").resolve(JOB).resolve(runId + ".json")));

        String metrics = app.get("/observe/metrics").body();
        assertTrue(metrics.contains("adrelay_job_runs_total{job=\"" + JOB + "\",outcome=\"succeeded\"} 1.0"), metrics);
        assertTrue(metrics.contains("adrelay_job_running{job=\"" + JOB + "\"} 0.0"), metrics);
        assertTrue(metrics.contains("adrelay_job_last_success_timestamp_seconds{job=\"" + JOB + "\"} "), metrics);
    }

    @Test
    void theMetricsPageShowsTheJvmsMemoryGarbageCollectionAndThreads() throws Exception {
        String metrics = app.get("/observe/metrics").body();
        for (String meter : List.of("jvm_memory_used_bytes{", "jvm_memory_max_bytes{", "jvm_gc_max_data_size_bytes ",
                "jvm_gc_memory_allocated_bytes_total ", "jvm_threads_live_threads ", "jvm_threads_states_threads{",
                "process_cpu_usage ", "process_uptime_seconds ")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(meter)), meter + " in\n" + metrics);
        }
    }

    @Test
    void aRunWhileTheJobRunsIsRefusedWith409NamingTheRunGoing() throws Exception {
        String first = Json.MAPPER.readTree(app.post("/ops/jobs/" + JOB + "/run", range(YESTERDAY.minusDays(9), YESTERDAY)).body())
                .path("run_id").asText();

        HttpResponse<String> second = app.post("/ops/jobs/" + JOB + "/run", "");
        assertEquals(409, second.statusCode(), second.body());
        JsonNode refused = Json.MAPPER.readTree(second.body());
        assertEquals(first, refused.path("run_id").asText());
        assertTrue(refused.path("error").asText().contains("already running"), refused.toString());
        assertEquals(409, app.post("/ops/jobs/" + JOB + "/run?wait=true", "").statusCode(), "waiting or not");
        assertTrue(app.get("/observe/metrics").body().contains("adrelay_job_running{job=\"" + JOB + "\"} 1.0"));

        // another job is not held up
        assertEquals(202, app.post("/ops/jobs/bsa-pull-report-lineitems/run", "").statusCode());

        await().atMost(Duration.ofSeconds(30)).until(() -> run(first).path("status").asText().equals("succeeded"));
        HttpResponse<String> again = app.post("/ops/jobs/" + JOB + "/run", "");
        assertEquals(202, again.statusCode(), "free once the first run ended: " + again.body());
        assertEquals(List.of(Json.MAPPER.readTree(again.body()).path("run_id").asText(), first),
                history(JOB).stream().map(r -> r.path("run_id").asText()).toList(), "the refused ones are no runs");
    }

    @Test
    void waitTrueAnswersTheOutcomeWhenTheRunEnds() throws Exception {
        HttpResponse<String> response = app.post("/ops/jobs/" + JOB + "/run?wait=true", range(YESTERDAY.minusDays(1), YESTERDAY));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Json.MAPPER.readTree(response.body());
        assertEquals(JOB, answer.path("job").asText());
        assertEquals("succeeded", answer.path("status").asText());
        assertEquals("pulled [" + YESTERDAY.minusDays(1) + ".." + YESTERDAY + "], skipped [], failed []", answer.path("outcome").asText());
        assertEquals(YESTERDAY.toString(), answer.path("parameters").path("to").asText());
        assertEquals(answer.path("outcome").asText(), run(answer.path("run_id").asText()).path("summary").asText());

        // as curl -d sends it: form content type, JSON body
        HttpResponse<String> curl = app.send(HttpRequest.newBuilder(app.uri("/ops/jobs/" + JOB + "/run?wait=true"))
                .header("Authorization", "Bearer " + TestRuntime.OPS_TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"" + YESTERDAY + "\", \"force\": true}")));
        assertEquals(200, curl.statusCode(), curl.body());
        assertEquals("{\"from\":\"" + YESTERDAY + "\",\"force\":true}", Json.MAPPER.readTree(curl.body()).path("parameters").toString());
    }

    @Test
    void runsAreAnsweredAsJsonAndNeedTheToken() throws Exception {
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/ops/runs?job=" + JOB)).GET()).statusCode());
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/ops/runs/x")).GET()).statusCode());
        HttpResponse<String> unknownRun = app.get("/ops/runs/no-such-run");
        assertEquals(404, unknownRun.statusCode());
        assertTrue(Json.MAPPER.readTree(unknownRun.body()).has("error"));
        assertEquals(404, app.get("/ops/runs?job=no-such-job").statusCode());
        assertEquals(0, history(JOB).size(), "a job that never ran has an empty history");
        assertEquals(400, app.post("/ops/jobs/" + JOB + "/run", "{\"from\": \"last week\"}").statusCode(), "bad bodies are 400, no run");
        assertEquals(0, history(JOB).size());
    }

    /** The runtime was down for two days: each report's catch-up at start is a run of its job. */
    @Nested
    class AfterDowntime {

        @Configure
        void catchUpOn(MainConfigurationProperties main) throws Exception {
            app.set("bsa.catch-up.enabled", "true").set("bsa.throttle.requests", "60").set("bsa.throttle.period-ms", "63000");
            for (String r : List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")) {
                Path dir = data.resolve("outbox/bsa").resolve(r);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(YESTERDAY.minusDays(2) + ".csv"), "pulled before the downtime");
            }
        }

        @Test
        void theCatchUpIsARunOfEachReportsJobAndFillsLastRun() throws Exception {
            for (String r : List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats")) {
                String job = "bsa-pull-report-" + r;
                await().atMost(Duration.ofSeconds(30)).until(() -> !job(job).path("last_run").isNull());
                JsonNode run = history(job).get(0);
                assertEquals("catch-up", run.path("trigger").asText(), run.toString());
                assertEquals("succeeded", run.path("status").asText());
                assertEquals(YESTERDAY.minusDays(1).toString(), run.path("parameters").path("from").asText());
                assertEquals(YESTERDAY.toString(), run.path("parameters").path("to").asText());
                assertEquals(2, run.path("progress").path("done").asInt());
                assertEquals(run.path("summary").asText(), job(job).path("last_outcome").asText());
            }
        }
    }

    /** A schedule in Berlin time: /ops/jobs gives its time zone beside its cron, and its next run in that zone too. */
    @Nested
    class InBerlin {

        @Configure
        void berlin(MainConfigurationProperties main) {
            app.set("bsa.report.time-zone", "Europe/Berlin").set("bsa.report.daily-stats.cron", "0 30 7 * * ?");
        }

        @Test
        void eachJobShowsItsTimeZoneAndItsNextRunInIt() throws Exception {
            JsonNode job = job("bsa-pull-report-daily-stats");
            assertEquals("0 30 7 * * ?", job.path("cron").asText());
            assertEquals("Europe/Berlin", job.path("time_zone").asText(), job.toString());
            java.time.OffsetDateTime local = java.time.OffsetDateTime.parse(job.path("next_run_local").asText());
            assertEquals(java.time.LocalTime.of(7, 30), local.toLocalTime(), job.toString());
            assertEquals(java.time.ZoneId.of("Europe/Berlin").getRules().getOffset(local.toInstant()), local.getOffset());
            assertEquals(java.time.Instant.parse(job.path("next_run").asText()), local.toInstant(), "next_run is the same instant, in UTC");
            assertEquals("Europe/Berlin", job("bsa-pull-report-lineitems").path("time_zone").asText());
        }
    }

    /** A schedule firing every second: its firings are runs, and never run beside another run of the job. */
    @Nested
    class EverySecond {

        static final String LINEITEMS = "bsa-pull-report-lineitems";

        @Configure
        void cronEverySecond(MainConfigurationProperties main) {
            app.set("bsa.report.lineitems.cron", "0/1 * * * * ?");
        }

        @Test
        void scheduledFiringsAreRunsAndOneRunAtATime() throws Exception {
            await().atMost(Duration.ofSeconds(20)).until(() -> history(LINEITEMS).stream()
                    .filter(r -> r.path("trigger").asText().equals("scheduled") && r.path("status").asText().equals("succeeded")).count() >= 2);
            JsonNode scheduled = history(LINEITEMS).stream().filter(r -> r.path("trigger").asText().equals("scheduled")).findFirst().orElseThrow();
            assertTrue(scheduled.path("summary").asText().contains(YESTERDAY.toString()), scheduled.toString());

            // a manual run of 10 days lasts several seconds: the firings meanwhile are skipped, not run beside it
            List<String> started = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<String> r = app.post("/ops/jobs/" + LINEITEMS + "/run", range(YESTERDAY.minusDays(10), YESTERDAY.minusDays(1)));
                if (r.statusCode() == 202) {
                    started.add(Json.MAPPER.readTree(r.body()).path("run_id").asText());
                    return true;
                }
                assertEquals(409, r.statusCode(), "a scheduled run holds the job: " + r.body());
                return false;
            });
            String manual = started.get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> run(manual).path("status").asText().equals("succeeded"));
            JsonNode run = run(manual);
            assertTrue(run.path("skipped_firings").asInt() >= 1, run.toString());
            assertNotEquals(0, history(LINEITEMS).stream().filter(r -> r.path("trigger").asText().equals("scheduled")).count());
            List<JsonNode> runs = history(LINEITEMS).stream().filter(r -> !r.path("status").asText().equals("running")).toList();
            for (int i = 0; i + 1 < runs.size(); i++) {
                Instant olderEnded = Instant.parse(runs.get(i + 1).path("finished_at").asText());
                Instant newerStarted = Instant.parse(runs.get(i).path("started_at").asText());
                assertFalse(newerStarted.isBefore(olderEnded), "runs overlap: " + runs.get(i + 1) + " and " + runs.get(i));
            }
        }
    }

    String range(LocalDate from, LocalDate to) {
        return "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}";
    }

    JsonNode run(String runId) throws Exception {
        HttpResponse<String> response = app.get("/ops/runs/" + runId);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    List<JsonNode> history(String job) throws Exception {
        HttpResponse<String> response = app.get("/ops/runs?job=" + job);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> runs = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("runs").forEach(runs::add);
        return runs;
    }

    JsonNode job(String id) throws Exception {
        for (JsonNode job : Json.MAPPER.readTree(app.get("/ops/jobs").body()).path("jobs")) {
            if (job.path("id").asText().equals(id)) {
                return job;
            }
        }
        throw new AssertionError("no job " + id);
    }
}
