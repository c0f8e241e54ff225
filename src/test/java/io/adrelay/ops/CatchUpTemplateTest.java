package io.adrelay.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.runs.FileJobRunStore;
import io.adrelay.common.storage.runs.JobRun;

/** The catch-up at start as the template makes it: a run per job the flow's bean lists, each ended however its route ends. */
class CatchUpTemplateTest {

    /** A flow's bean: two reports missed days. */
    public static final class TwoReports {
        public List<CatchUp> runs() {
            return List.of(new CatchUp("pull-clicks", Map.of("report", "clicks"), Map.of("AdrelayReport", "clicks")),
                    new CatchUp("pull-views", Map.of("report", "views"), Map.of("AdrelayReport", "views")));
        }
    }

    @TempDir
    Path dir;

    final DefaultCamelContext context = new DefaultCamelContext();
    JobRuns runs;

    @AfterEach
    void stop() {
        context.stop();
    }

    private void start(String enabled) throws Exception {
        runs = new JobRuns(new FileJobRunStore(dir, 10), SimpleMeterRegistry::new, Clock.systemUTC());
        context.getRegistry().bind("catchUpRuns", new CatchUpRuns(runs));
        context.getRegistry().bind("twoReports", new TwoReports());
        context.addRoutes(new RouteConfigurations());
        context.addRoutes(new CatchUpTemplate());
        // the job's route: the first report's pull fails and handles nothing
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:test-pull").routeId("test-pull").routeConfigurationId("egress")
                .filter(rb.header("AdrelayReport").isEqualTo("clicks"))
                    .throwException(new IllegalStateException("clicks report is gone"))
                .end());
        TemplatedRouteBuilder.builder(context, CatchUpTemplate.ID).routeId("test-catch-up")
                .parameter("routeId", "test-catch-up").parameter("api", "test").parameter("runs", "twoReports")
                .parameter("job", "direct:test-pull").parameter("enabled", enabled).add();
        context.start();
    }

    @Test
    void aFailedRunEndsFailedAndTheNextRunIsMadeAllTheSame() throws Exception {
        start("true");
        // one after the other: the second has ended once it is in the history and its job is free
        await().atMost(Duration.ofSeconds(10)).until(() -> !runs.history("pull-views").isEmpty() && runs.running("pull-views").isEmpty());

        JobRun clicks = runs.history("pull-clicks").get(0);
        assertEquals(JobRun.Trigger.CATCH_UP, clicks.trigger());
        assertEquals(JobRun.Status.FAILED, clicks.status());
        assertEquals("failed: clicks report is gone", clicks.summary());
        assertEquals(Map.of("report", "clicks"), clicks.parameters());
        JobRun views = runs.history("pull-views").get(0);
        assertEquals(JobRun.Status.SUCCEEDED, views.status());
        assertTrue(runs.running("pull-clicks").isEmpty(), "the failed run's job is free again");
    }

    @Test
    void switchedOffItFiresOnceAndMakesNoRun() throws Exception {
        NotifyBuilder fired = new NotifyBuilder(context).fromRoute("test-catch-up").whenDone(1).create();
        start("false");
        assertTrue(fired.matches(10, TimeUnit.SECONDS), "the catch-up fired");

        assertEquals(List.of(), runs.history("pull-clicks"));
        assertEquals(List.of(), runs.history("pull-views"));
    }
}
