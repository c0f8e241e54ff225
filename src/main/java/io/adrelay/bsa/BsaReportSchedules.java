package io.adrelay.bsa;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import io.adrelay.common.config.Settings;
import io.adrelay.common.routes.DeclaredJobs;

/**
 * One schedule per report named in bsa.reports: an instance of the route template bsa-pull-report
 * (routes/bsa-pull-report.camel.yaml), id bsa-pull-report-&lt;report&gt;, with bsa.report.&lt;report&gt;.cron
 * when that property is set (else the template's default, bsa.report.cron). Java, because the
 * instances come from a property, not from a route file: adding a report is one edit of bsa.reports.
 */
public class BsaReportSchedules extends RouteBuilder {

    static String jobId(String report) {
        return BsaNames.SCHEDULE_TEMPLATE + "-" + report;
    }

    /** bsa.reports, or any other comma-separated list property, as a list. */
    static List<String> list(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s*,\\s*"));
    }

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        List<String> reports = list(settings.get("bsa.reports"));
        getContext().getRegistry().findSingleByType(DeclaredJobs.class)
                .expect("bsa", () -> reports.stream().map(BsaReportSchedules::jobId).toList());
        for (String report : reports) {
            TemplatedRouteDefinition schedule = templatedRoute(BsaNames.SCHEDULE_TEMPLATE).routeId(jobId(report))
                    .parameter("report", report);
            String cron = "bsa.report." + report + ".cron";
            if (!settings.get(cron).isEmpty()) {
                schedule.parameter("cron", "{{" + cron + "}}");
            }
        }
    }
}
