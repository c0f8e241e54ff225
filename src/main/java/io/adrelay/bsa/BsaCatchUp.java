package io.adrelay.bsa;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.adrelay.ops.CatchUp;
import io.adrelay.ops.JobParameters;

/**
 * The catch-up at start (bean bsaCatchUp of routes/bsa-catch-up-reports.camel.yaml): each report pulls
 * the days missed while the runtime was down (at most bsa.catch-up.max-days), as a run of that report's
 * job (trigger catch-up, bean catchUpRuns): in its history, in last_run, and never beside another run of the job (it waits
 * for one going to end). This bean only says which; the route sends each to the pull.
 */
public class BsaCatchUp {

    private final Path outbox;
    private final ZoneId zone;
    private final int maxDays;
    private final List<String> reports;

    public BsaCatchUp(Path outbox, ZoneId zone, int maxDays, List<String> reports) {
        this.outbox = outbox;
        this.zone = zone;
        this.maxDays = maxDays;
        this.reports = reports;
    }

    /**
     * A run per report that missed days, in the order of bsa.reports: its job, the days as the run records them (from,
     * to) and as the pull reads them (AdrelayReport, AdrelayFrom, AdrelayTo). None for a report that missed none.
     */
    public List<CatchUp> runs() {
        List<CatchUp> runs = new ArrayList<>();
        for (String report : reports) {
            List<LocalDate> missed = BsaPullPlan.catchUp(outbox.resolve(report), LocalDate.now(zone), maxDays);
            if (missed.isEmpty()) {
                continue;
            }
            LocalDate from = missed.get(0);
            LocalDate to = missed.get(missed.size() - 1);
            runs.add(new CatchUp(BsaReportSchedules.jobId(report), new JobParameters(from, to, null).asMap(),
                    Map.of(BsaNames.REPORT, report, BsaNames.FROM, from.toString(), BsaNames.TO, to.toString())));
        }
        return runs;
    }
}
