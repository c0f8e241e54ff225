package io.adrelay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The run history outlives the process: each test method is a new run of the application over the same data directory. */
@CamelMainTest(properties = "adrelay.profile=prod")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsRunsRestartIT {

    static final String JOB = OpsRunsIT.JOB;
    static final LocalDate YESTERDAY = OpsRunsIT.YESTERDAY;
    static final BsaSimulator BSA = new BsaSimulator(OpsRunsIT.KEY, LocalDate.now()).start();

    @TempDir
    static Path data;
    static JsonNode before;

    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = TestRuntime.prod("bsa", data.toString()).set("bsa.base-url", BSA.baseUrl()).set("bsa.api-key", OpsRunsIT.KEY)
                .set("bsa.catch-up.enabled", "false");
        main.addMainListener(app);
    }

    @AfterAll
    static void stopSimulator() {
        BSA.close();
    }

    @Test
    @Order(1)
    void firstProcessRunsTheJob() throws Exception {
        HttpResponse<String> run = app.post("/ops/jobs/" + JOB + "/run?wait=true",
                "{\"from\": \"" + YESTERDAY.minusDays(2) + "\", \"to\": \"" + YESTERDAY + "\"}");
        assertEquals(200, run.statusCode(), run.body());
        before = history().get(0);
        assertEquals("succeeded", before.path("status").asText());
    }

    @Test
    @Order(2)
    void secondProcessStillKnowsIt() throws Exception {
        List<JsonNode> history = history();
        assertEquals(List.of(before), history, "the same run, as it was");
        JsonNode job = null;
        for (JsonNode j : Json.MAPPER.readTree(app.get("/ops/jobs").body()).path("jobs")) {
            job = j.path("id").asText().equals(JOB) ? j : job;
        }
        assertEquals(before.path("finished_at").asText(), job.path("last_run").asText());
        assertEquals(before.path("summary").asText(), job.path("last_outcome").asText());
        assertEquals(before, Json.MAPPER.readTree(app.get("/ops/runs/" + before.path("run_id").asText()).body()));
        assertEquals(Instant.parse(before.path("finished_at").asText()).toEpochMilli() / 1000.0, lastSuccessMetric(), 0.001,
                "the last success is known after a restart");

        HttpResponse<String> again = app.post("/ops/jobs/" + JOB + "/run?wait=true", "");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(List.of(Json.MAPPER.readTree(again.body()).path("run_id").asText(), before.path("run_id").asText()),
                history().stream().map(r -> r.path("run_id").asText()).toList(), "newest first");
    }

    double lastSuccessMetric() {
        String prefix = "adrelay_job_last_success_timestamp_seconds{job=\"" + JOB + "\"} ";
        return app.get("/observe/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElse(Double.NaN);
    }

    List<JsonNode> history() throws Exception {
        HttpResponse<String> response = app.get("/ops/runs?job=" + JOB);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> runs = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("runs").forEach(runs::add);
        return runs;
    }
}
