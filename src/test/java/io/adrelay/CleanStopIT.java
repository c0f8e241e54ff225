package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.storage.runs.JobRun;

/**
 * SIGTERM to the packaged jar while a job runs: it takes no new work, gives what is in flight the grace period
 * (camel.main.shutdown-timeout), records a run it cuts short as interrupted before it exits, and says so in a few
 * lines, none of them an ERROR. The lines it prints are the product under test here, so the test reads them.
 */
class CleanStopIT {

    static final String KEY = "bsa-key-clean-stop-0001";
    static final String JOB = "bsa-pull-report-daily-stats";
    static final LocalDate YESTERDAY = LocalDate.now().minusDays(1);
    /** At most this many lines from SIGTERM to exit. */
    static final int FEW = 10;

    @TempDir
    Path tmp;

    @Test
    void aRunHeldAtAThrottleIsCutShortAtTheEndOfTheGraceAndRecordedInterrupted() throws Exception {
        try (BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
             ChildRuntime child = bsa(bsa, "clean-stop-throttle")
                     // one request a minute: the second day of the run waits far longer than the grace
                     .property("bsa.throttle.requests", "1").property("bsa.throttle.period-ms", "60000")) {
            child.start();
            String runId = startRun(child, 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> summary(child, runId).contains("waiting"));

            Stop stop = stop(child);

            assertTrue(stop.seconds < grace() + 4, "exits within the grace of " + grace() + " s (and a little): took " + stop.seconds);
            JobRun run = recorded(child, runId);
            assertEquals("failed", run.status, run.json.toString());
            assertTrue(run.summary.startsWith("failed: interrupted, adrelay stopped while it ran"), run.summary);
            assertQuiet(stop);
            report("throttle", stop);
        }
    }

    @Test
    void aRunWhoseCallIsUnderWayFinishesWithinTheGraceAndIsRecordedSucceeded() throws Exception {
        try (BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
             ChildRuntime child = bsa(bsa, "clean-stop-in-flight")) {
            child.start();
            bsa.faults().next(1, Fault.delay(Duration.ofSeconds(3)));
            String runId = startRun(child, 1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> !bsa.idle());

            Stop stop = stop(child);

            JobRun run = recorded(child, runId);
            assertEquals("succeeded", run.status, "the call under way is answered within the grace: " + run.json);
            assertTrue(Files.exists(child.data().resolve("outbox/bsa/daily-stats").resolve(YESTERDAY + ".csv")));
            assertTrue(stop.seconds < grace() + 4, "took " + stop.seconds + " s");
            assertQuiet(stop);
            report("in-flight", stop);
        }
    }

    @Test
    void aRunRetryingAFailingApiStopsRetryingAndLeavesNoDeadLetter() throws Exception {
        try (BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
             ChildRuntime child = bsa(bsa, "clean-stop-retry")
                     .property("adrelay.retry.initial-delay-ms", "2000").property("adrelay.retry.max-delay-ms", "60000")
                     .property("adrelay.retry.max-attempts", "5")) {
            child.start();
            bsa.faults().next(20, Fault.status(503));
            String runId = startRun(child, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> bsa.journal().count(e -> e.status() == 503) >= 1);

            Stop stop = stop(child);

            assertTrue(stop.seconds < grace() + 4, "took " + stop.seconds + " s");
            JobRun run = recorded(child, runId);
            assertTrue(run.summary.startsWith("failed: interrupted"), run.json.toString());
            assertEquals(List.of(), files(child.data().resolve("dead-letter")), "a stop is not the API's failure: no dead letter");
            assertTrue(bsa.journal().count(e -> e.status() == 503) <= 2, "no retry is begun once the stop began");
            assertQuiet(stop);
            report("retry", stop);
        }
    }

    // ---------------------------------------------------------------------------------------------

    ChildRuntime bsa(BsaSimulator bsa, String name) {
        return ChildRuntime.prod(name, "bsa", tmp.resolve("data")).env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", KEY)
                .property("bsa.catch-up.enabled", "false");
    }

    /** Asks for a run of the job over the last {@code days} days; its id. */
    static String startRun(ChildRuntime child, int days) throws Exception {
        HttpResponse<String> asked = child.send(HttpRequest.newBuilder(child.uri("/ops/jobs/" + JOB + "/run"))
                .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"" + YESTERDAY.minusDays(days - 1) + "\", \"to\": \""
                        + YESTERDAY + "\", \"force\": true}")));
        assertEquals(202, asked.statusCode(), asked.body());
        return Json.MAPPER.readTree(asked.body()).path("run_id").asText();
    }

    static String summary(ChildRuntime child, String runId) throws Exception {
        return Json.MAPPER.readTree(child.get("/ops/runs/" + runId).body()).path("summary").asText();
    }

    record Stop(double seconds, int exitCode, List<String> lines) {
    }

    /** SIGTERM; how long until the process was gone, and what it printed meanwhile. */
    static Stop stop(ChildRuntime child) throws IOException {
        long printed = Files.size(child.log());
        long began = System.nanoTime();
        int exit = child.stop();
        double seconds = (System.nanoTime() - began) / 1e9;
        String tail;
        try (var in = Files.newInputStream(child.log())) {
            in.skipNBytes(printed);
            tail = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Stop(seconds, exit, tail.lines().filter(l -> !l.isBlank()).toList());
    }

    static void report(String scenario, Stop stop) {
        System.out.printf("CleanStopIT[%s] exit %d after %.1f s, %d lines%n", scenario, stop.exitCode, stop.seconds, stop.lines.size());
    }

    static void assertQuiet(Stop stop) {
        String all = String.join("\n", stop.lines);
        assertFalse(stop.lines.stream().anyMatch(l -> l.contains(" ERROR ") || l.startsWith("\tat ")), "no ERROR, no stack trace:\n" + all);
        assertFalse(all.contains("inflight and pending exchanges"), "no countdown of exchanges in flight:\n" + all);
        assertTrue(stop.lines.size() <= FEW, "at most " + FEW + " lines, not " + stop.lines.size() + ":\n" + all);
    }

    record JobRun(String status, String summary, JsonNode json) {
    }

    /** The run as state/ops/runs/ holds it once the process is gone. */
    static JobRun recorded(ChildRuntime child, String runId) throws IOException {
        JsonNode json = Json.MAPPER.readTree(child.data().resolve("state/ops/runs").resolve(JOB).resolve(runId + ".json").toFile());
        return new JobRun(json.path("status").asText(), json.path("summary").asText(), json);
    }

    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    /** The grace period the shipped application.properties gives in-flight work. */
    static long grace() throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            shipped.load(in);
        }
        return Long.parseLong(shipped.getProperty("camel.main.shutdown-timeout").trim());
    }
}
