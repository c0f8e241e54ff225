package io.adrelay.bsa;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.adrelay.common.DataDirectory;
import io.adrelay.common.DeclaredJobs;
import io.adrelay.common.Flow;
import io.adrelay.common.IdempotencyStore;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Settings;
import io.adrelay.ops.JobParameters;
import io.adrelay.ops.JobRun;
import io.adrelay.ops.JobRuns;
import io.adrelay.ops.RunningJob;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BuySellAds report pulls. The YAML schedules (routes/bsa-pull-report.camel.yaml) send
 * {@code AdrelayReport} (and optionally AdrelayFrom/AdrelayTo/AdrelayForce) to direct:bsa-pull-report;
 * each day becomes outbox/bsa/&lt;report&gt;/&lt;yyyy-mm-dd&gt;.csv plus a normalised companion.
 */
public class BsaReportRoutes extends RouteBuilder {

    static final String REPORT = "AdrelayReport";
    static final String FROM = Flow.JOB_FROM;
    static final String TO = Flow.JOB_TO;
    static final String FORCE = Flow.JOB_FORCE;
    static final String DATE = "AdrelayDate";
    static final String EFFECT = "bsa-report";

    private static final Logger LOG = LoggerFactory.getLogger(BsaReportRoutes.class);

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        IdempotencyStore idempotency = getContext().getRegistry().findSingleByType(IdempotencyStore.class);
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        ZoneId zone = ZoneId.of(settings.get("bsa.report.time-zone").isEmpty() ? "UTC" : settings.get("bsa.report.time-zone"));
        List<String> reports = List.of(settings.get("bsa.reports").split("\\s*,\\s*"));
        getContext().getRegistry().findSingleByType(DeclaredJobs.class)
                .expect("bsa", () -> reports.stream().map(report -> "bsa-pull-report-" + report).toList());

        if (!"false".equals(settings.get("bsa.catch-up.enabled"))) {
            catchUpAtStart(settings, data, zone, reports, getContext().getRegistry().findSingleByType(JobRuns.class));
        }

        // a range of days -> one pull per day; a failed day is dead-lettered and the others go on
        from("direct:bsa-pull-report").routeId("bsa-pull-report-core").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("bsa"))
                .process(e -> {
                    String report = e.getIn().getHeader(REPORT, String.class);
                    if (report == null || !BsaReportColumns.reports().contains(report)) {
                        throw new InvalidInputException("unknown BuySellAds report " + report + "; known: " + BsaReportColumns.reports());
                    }
                    List<LocalDate> days = BsaPullPlan.days(e.getIn().getHeader(FROM, String.class),
                            e.getIn().getHeader(TO, String.class), LocalDate.now(zone));
                    e.setProperty(PullSummary.PROPERTY, new PullSummary(days, RunningJob.current()));
                    e.getIn().setBody(days);
                })
                .split(body())
                    .setHeader(DATE, simple("${body}"))
                    .removeHeaders(FROM + "|" + TO)
                    .to("direct:bsa-pull-report-day")
                .end()
                .process(e -> e.setProperty(Flow.OUTCOME, e.getProperty(PullSummary.PROPERTY).toString()));

        // one report, one day: skip when done (unless forced), pull, check, write, remember
        from("direct:bsa-pull-report-day").routeId("bsa-pull-report-day").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("bsa"))
                .setProperty(Flow.REPLAY_URI, constant("direct:bsa-pull-report-day"))
                .setProperty(Flow.ON_DEAD_LETTER, constant((Processor) e -> summary(e).failed(e.getIn().getHeader(DATE, String.class))))
                .process(e -> {
                    String key = e.getIn().getHeader(REPORT) + "/" + e.getIn().getHeader(DATE);
                    boolean force = e.getIn().getHeader(FORCE, false, Boolean.class);
                    if (!force && idempotency.isDone(EFFECT, key)) {
                        summary(e).skipped(String.valueOf(e.getIn().getHeader(DATE)));
                        e.setRouteStop(true);
                    }
                })
                .to("direct:bsa-egress-get")
                .process(e -> writeReport(e, data, idempotency));
    }

    /**
     * At start, each report pulls the days missed while the runtime was down (see bsa.catch-up.max-days),
     * as a run of that report's job (bsa-pull-report-&lt;report&gt;, trigger catch-up): in its history, in
     * last_run, and never beside another run of the job (it waits for one going to end).
     */
    private void catchUpAtStart(Settings settings, DataDirectory data, ZoneId zone, List<String> reports, JobRuns runs) {
        ProducerTemplate template = getContext().createProducerTemplate();
        from("timer:bsa-catch-up?repeatCount=1&delay=1000").routeId("bsa-catch-up-reports").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("bsa"))
                .setBody(constant(reports))
                .split(body())
                    .setHeader(REPORT, body())
                    .process(e -> {
                        List<LocalDate> missed = BsaPullPlan.catchUp(data.outbox("bsa").resolve(e.getIn().getBody(String.class)),
                                LocalDate.now(zone), settings.getInt("bsa.catch-up.max-days", 31));
                        if (missed.isEmpty()) {
                            e.setRouteStop(true);
                            return;
                        }
                        e.getIn().setHeader(FROM, missed.get(0).toString());
                        e.getIn().setHeader(TO, missed.get(missed.size() - 1).toString());
                    })
                    .process(e -> catchUp(e, runs, template))
                .end();
    }

    private static void catchUp(Exchange e, JobRuns runs, ProducerTemplate template) {
        String report = e.getIn().getHeader(REPORT, String.class);
        String from = e.getIn().getHeader(FROM, String.class);
        String to = e.getIn().getHeader(TO, String.class);
        // the job id the YAML schedule of this report has (routes/bsa-pull-report.camel.yaml)
        runs.runWhenIdle("bsa-pull-report-" + report, JobRun.Trigger.CATCH_UP,
                new JobParameters(LocalDate.parse(from), LocalDate.parse(to), null).asMap(),
                run -> template.send("direct:bsa-pull-report", x -> x.getIn().getHeaders().putAll(Map.of(REPORT, report, FROM, from, TO, to))));
    }

    private static void writeReport(Exchange e, DataDirectory data, IdempotencyStore idempotency) {
        String report = e.getIn().getHeader(REPORT, String.class);
        String day = e.getIn().getHeader(DATE, String.class);
        byte[] csv = e.getIn().getBody(byte[].class);
        List<List<String>> rows = BsaCsvCheck.parse(e, report, csv);
        Path dir = data.outbox("bsa").resolve(report);
        // the file holds exactly the bytes BuySellAds returned
        DataDirectory.writeAtomically(dir.resolve(day + ".csv"), csv);
        DataDirectory.writeAtomically(dir.resolve(day + ".normalized.csv"),
                BsaReportNormaliser.normalise(rows.get(0), rows.subList(1, rows.size())).getBytes(StandardCharsets.UTF_8));
        idempotency.markDone(EFFECT, report + "/" + day);
        summary(e).pulled(day);
        LOG.info("BuySellAds {} {}: {} rows -> {}", report, day, rows.size() - 1, dir.resolve(day + ".csv"));
    }

    private static PullSummary summary(Exchange e) {
        PullSummary summary = e.getProperty(PullSummary.PROPERTY, PullSummary.class);
        if (summary == null) {
            summary = new PullSummary(List.of(LocalDate.parse(e.getIn().getHeader(DATE, String.class))), RunningJob.current());
            e.setProperty(PullSummary.PROPERTY, summary);
        }
        return summary;
    }
}
