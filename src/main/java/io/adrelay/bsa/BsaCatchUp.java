package io.adrelay.bsa;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.adrelay.ops.JobParameters;
import io.adrelay.ops.JobRuns;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import io.adrelay.common.storage.runs.JobRun;

/**
 * The catch-up at start (bean bsaCatchUp of routes/bsa-catch-up-reports.camel.yaml): each report pulls
 * the days missed while the runtime was down (at most bsa.catch-up.max-days), as a run of that report's
 * job (trigger catch-up): in its history, in last_run, and never beside another run of the job (it waits
 * for one going to end).
 */
public class BsaCatchUp {

    private final JobRuns runs;
    private final ProducerTemplate template;
    private final Path outbox;
    private final ZoneId zone;
    private final int maxDays;
    private final List<String> reports;

    public BsaCatchUp(JobRuns runs, ProducerTemplate template, Path outbox, ZoneId zone, int maxDays, List<String> reports) {
        this.runs = runs;
        this.template = template;
        this.outbox = outbox;
        this.zone = zone;
        this.maxDays = maxDays;
        this.reports = reports;
    }

    public List<String> reports() {
        return reports;
    }

    /** Sets AdrelayFrom/AdrelayTo to the days the report (AdrelayReport) missed; neither when it missed none. */
    public void missedDays(Exchange e) {
        String report = e.getIn().getHeader(BsaNames.REPORT, String.class);
        List<LocalDate> missed = BsaPullPlan.catchUp(outbox.resolve(report), LocalDate.now(zone), maxDays);
        if (!missed.isEmpty()) {
            e.getIn().setHeader(BsaNames.FROM, missed.get(0).toString());
            e.getIn().setHeader(BsaNames.TO, missed.get(missed.size() - 1).toString());
        }
    }

    /** Pulls the missed days as a run of the report's job, once no other run of it goes. */
    public void run(Exchange e) {
        String report = e.getIn().getHeader(BsaNames.REPORT, String.class);
        String from = e.getIn().getHeader(BsaNames.FROM, String.class);
        String to = e.getIn().getHeader(BsaNames.TO, String.class);
        runs.runWhenIdle(BsaReportSchedules.jobId(report), JobRun.Trigger.CATCH_UP,
                new JobParameters(LocalDate.parse(from), LocalDate.parse(to), null).asMap(),
                run -> template.send(BsaReportSchedules.PULL_URI,
                        x -> x.getIn().getHeaders().putAll(Map.of(BsaNames.REPORT, report, BsaNames.FROM, from, BsaNames.TO, to))));
    }
}
