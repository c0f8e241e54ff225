package io.adrelay.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.Application;
import io.adrelay.TestRuntime;
import io.adrelay.sandbox.BsaSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators edit routes/*.camel.yaml while adrelay runs: a good edit takes effect, a broken one is refused. */
@CamelMainTest(mainClass = Application.class, properties = "adrelay.profile=prod")
class RoutesReloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "bsa-pull-report-lineitems";

    @TempDir
    Path data;
    @TempDir
    Path routes;
    @BeanInject
    CamelContext context;

    final BsaSimulator bsa = new BsaSimulator("reload-key-123456", LocalDate.now()).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) throws Exception {
        Files.copy(Path.of("routes/bsa-pull-report.camel.yaml"), routes.resolve("bsa-pull-report.camel.yaml"));
        app = TestRuntime.prod("bsa", data.toString())
                .set("bsa.base-url", bsa.baseUrl()).set("bsa.api-key", "reload-key-123456")
                .set("bsa.catch-up.enabled", "false")
                .set("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml")
                .set("camel.main.routes-reload-directory", routes.toString());
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        bsa.close();
    }

    @Test
    void aSavedScheduleChangesWhileRunning_aBrokenFileIsRefused() throws Exception {
        assertEquals("0 15 6 * * ?", cron(JOB));
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);

        // the operator makes lineitems run every second
        Files.writeString(file, original.replace("cron: \"{{bsa.report.lineitems.cron}}\"", "cron: \"0/1 * * * * ?\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> "0/1 * * * * ?".equals(cron(JOB)));
        Path pulled = data.resolve("outbox/bsa/lineitems").resolve(LocalDate.now().minusDays(1) + ".csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pulled));

        // then saves a broken edit: refused, and the running routes keep running as they were
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original.replace("- route:", "- route: [unclosed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertEquals("0/1 * * * * ?", cron(JOB));
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(JOB));
        assertTrue(context.getRoutes().size() >= 4);
    }

    private String cron(String job) throws Exception {
        for (JsonNode j : JSON.readTree(app.get("/ops/jobs").body()).path("jobs")) {
            if (job.equals(j.path("id").asText())) {
                return j.path("cron").asText();
            }
        }
        return null;
    }
}
