package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.adrelay.common.Flow;
import io.adrelay.ops.JobRuns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.intake.BoundedCsvDataFormat;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.ledger.EffectLedger;
import io.adrelay.common.storage.ledger.FileEffectLedger;
import io.adrelay.common.storage.runs.JobRun;
import io.adrelay.common.storage.runs.FileJobRunStore;

/**
 * The pull of routes/bsa-pull-report.camel.yaml as an operator reads it, the BuySellAds egress woven
 * to a mock: split over the days, the done ones skipped, each pulled day read as CSV (at most adrelay.csv.max-bytes)
 * and written, a failed day dead-lettered (http-api) and counted in the pull's summary before the run ends.
 */
class BsaPullReportRouteTest extends CamelTestSupport {

    static final String HEADER = "\"Lineitem ID\",\"Date\",\"Impressions\"\n";
    static final LocalDate FIRST = LocalDate.of(2026, 11, 1);
    /** adrelay.csv.max-bytes here. */
    static final int MAX_BYTES = 4096;

    @TempDir
    Path data;

    EffectLedger idempotency;
    JobRuns runs;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        idempotency = new FileEffectLedger(data.resolve("state/idempotency"), 100);
        runs = new JobRuns(new FileJobRunStore(data.resolve("state/ops/runs"), 10), SimpleMeterRegistry::new, Clock.systemUTC());
        context.getRegistry().bind("retryPolicy", new RetryPolicy(1, 1, 1));
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(data.resolve("dead-letter")), new DeadLetterCounter(context)));
        context.getRegistry().bind("bsaReportPull", new BsaReportPull(idempotency, new DataDirectory(data), ZoneOffset.UTC,
                List.of("daily-stats"), report -> List.of("lineitem_id", "date")));
        context.getRegistry().bind("bsaReportFiles", new BsaReportFiles(new DataDirectory(data)));
        context.getRegistry().bind(BoundedCsvDataFormat.NAME, new BoundedCsvDataFormat(MAX_BYTES));
        context.addRoutes(new RouteConfigurations());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/bsa-pull-report.camel.yaml"));
        return context;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Test
    void pullsEachDaySkipsTheDoneOnesAndCountsTheFailedOne() throws Exception {
        AdviceWith.adviceWith(context, "bsa-pull-report-day", a -> a.weaveByToUri("direct:bsa-egress-get").replace().to("mock:bsa"));
        context.start();
        MockEndpoint bsa = getMockEndpoint("mock:bsa");
        // BuySellAds answers the report, but garbage for the second day
        bsa.whenAnyExchangeReceived(e -> {
            String day = e.getIn().getHeader(BsaNames.DATE, String.class);
            e.getIn().setBody(FIRST.plusDays(1).toString().equals(day) ? "<html>busy</html>" : HEADER + "\"1\",\"" + day + "\",\"5\"\n");
        });
        bsa.expectedHeaderValuesReceivedInAnyOrder(BsaNames.DATE, FIRST, FIRST.plusDays(1), FIRST.plusDays(2));

        JobRun run = pull("2026-11-01", "2026-11-03");

        bsa.assertIsSatisfied();
        assertEquals("pulled [2026-11-01, 2026-11-03], skipped [], failed [2026-11-02]", run.summary());
        assertEquals(new JobRun.Progress(3, 3L, "days"), run.progress(), "the failed day counted before the run ended");
        assertEquals(JobRun.Status.FAILED, run.status());
        assertEquals(1, run.deadLetters().size());
        Path dir = data.resolve("outbox/bsa/daily-stats");
        assertTrue(Files.readString(dir.resolve("2026-11-03.csv")).contains("\"2026-11-03\""));
        assertTrue(Files.exists(dir.resolve("2026-11-01.normalized.csv")));
        assertFalse(Files.exists(dir.resolve("2026-11-02.csv")), "no file from garbage");

        bsa.reset();
        bsa.expectedHeaderValuesReceivedInAnyOrder(BsaNames.DATE, FIRST.plusDays(1));
        JobRun again = pull("2026-11-01", "2026-11-03");
        bsa.assertIsSatisfied();
        assertEquals("pulled [], skipped [2026-11-01, 2026-11-03], failed [2026-11-02]", again.summary());
        assertEquals(new JobRun.Progress(3, 3L, "days"), again.progress());
    }

    @Test
    void aReportOverTheBoundIsRefusedUnreadAndWritesNoFile() throws Exception {
        AdviceWith.adviceWith(context, "bsa-pull-report-day", a -> a.weaveByToUri("direct:bsa-egress-get").replace().to("mock:bsa"));
        context.start();
        MockEndpoint bsa = getMockEndpoint("mock:bsa");
        bsa.whenAnyExchangeReceived(e -> e.getIn().setBody((HEADER + "\"1\",\"2026-11-01\",\"5\"\n".repeat(MAX_BYTES / 10)).getBytes()));
        bsa.expectedMessageCount(1);

        JobRun run = pull("2026-11-01", "2026-11-01");

        bsa.assertIsSatisfied();
        assertEquals("pulled [], skipped [], failed [2026-11-01]", run.summary());
        assertEquals(new JobRun.Progress(1, 1L, "days"), run.progress());
        assertTrue(Files.readString(data.resolve("dead-letter/bsa").resolve(run.deadLetters().get(0) + ".json"))
                .contains("more than " + MAX_BYTES + " bytes of CSV (adrelay.csv.max-bytes)"));
        assertFalse(Files.exists(data.resolve("outbox/bsa/daily-stats/2026-11-01.csv")), "no file from a report refused");
        assertFalse(idempotency.isDone(BsaNames.EFFECT, "daily-stats/2026-11-01"), "pulled again next time");
    }

    @Test
    void anUnconfiguredReportIsRefusedBeforeAnyCall() throws Exception {
        AdviceWith.adviceWith(context, "bsa-pull-report-day", a -> a.weaveByToUri("direct:bsa-egress-get").replace().to("mock:bsa"));
        context.start();
        getMockEndpoint("mock:bsa").expectedMessageCount(0);

        Exchange done = template.send("direct:bsa-pull-report", e -> e.getIn().setHeader(BsaNames.REPORT, "lineitems"));

        getMockEndpoint("mock:bsa").assertIsSatisfied();
        assertTrue(String.valueOf(done.getProperty(Flow.DEAD_LETTER_ID)).length() > 0);
        assertTrue(Files.readString(data.resolve("dead-letter/bsa").resolve(done.getProperty(Flow.DEAD_LETTER_ID) + ".json"))
                .contains("unknown BuySellAds report lineitems"));
    }

    /** A pull of daily-stats as a job run, the way a run started over HTTP ends. */
    private JobRun pull(String from, String to) {
        return runs.runHere(runs.begin("bsa-pull-report-daily-stats", JobRun.Trigger.MANUAL, Map.of()),
                run -> template.send("direct:bsa-pull-report", e -> e.getIn().getHeaders().putAll(
                        Map.of(BsaNames.REPORT, "daily-stats", BsaNames.FROM, from, BsaNames.TO, to))));
    }
}
