package io.adrelay.bsa;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

import io.adrelay.common.DataDirectory;
import io.adrelay.common.Flow;
import io.adrelay.common.IdempotencyStore;
import io.adrelay.common.InvalidInputException;
import io.adrelay.ops.RunningJob;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic of a report pull (bean bsaReportPull), called by name from routes/bsa-pull-report.camel.yaml:
 * the days a pull covers, whether a day is done already, the check and write of a pulled day, and the
 * pull's outcome. Each day becomes outbox/bsa/&lt;report&gt;/&lt;yyyy-mm-dd&gt;.csv plus a normalised companion.
 */
public class BsaReportPull {

    private static final Logger LOG = LoggerFactory.getLogger(BsaReportPull.class);

    private final IdempotencyStore idempotency;
    private final DataDirectory data;
    private final ZoneId zone;
    private final List<String> reports;
    private final Function<String, List<String>> coreFields;

    /**
     * @param reports    the configured reports (bsa.reports)
     * @param coreFields a report's core fields (bsa.report.&lt;report&gt;.columns), empty when none are declared
     */
    public BsaReportPull(IdempotencyStore idempotency, DataDirectory data, ZoneId zone, List<String> reports,
                         Function<String, List<String>> coreFields) {
        this.idempotency = idempotency;
        this.data = data;
        this.zone = zone;
        this.reports = reports;
        this.coreFields = coreFields;
    }

    /** The days of the range asked for (AdrelayFrom/AdrelayTo, yesterday by default) as the body, and the pull's summary. */
    public void plan(Exchange e) {
        String report = e.getIn().getHeader(BsaNames.REPORT, String.class);
        if (report == null || !reports.contains(report)) {
            throw new InvalidInputException("unknown BuySellAds report " + report + "; configured (bsa.reports): " + reports);
        }
        List<LocalDate> days = BsaPullPlan.days(e.getIn().getHeader(BsaNames.FROM, String.class),
                e.getIn().getHeader(BsaNames.TO, String.class), LocalDate.now(zone));
        e.setProperty(BsaNames.SUMMARY, new PullSummary(days, RunningJob.current()));
        e.getIn().setBody(days);
    }

    /** True when the day was pulled before and the run does not force it again. */
    public boolean alreadyPulled(Exchange e) {
        boolean force = e.getIn().getHeader(BsaNames.FORCE, false, Boolean.class);
        return !force && idempotency.isDone(BsaNames.EFFECT, key(e));
    }

    public void skipped(Exchange e) {
        summary(e).skipped(day(e));
    }

    /** The day ended in the dead letter. */
    public void failed(Exchange e) {
        summary(e).failed(day(e));
    }

    /** Checks the pulled CSV, writes it (exactly the bytes BuySellAds returned) and its normalised companion, remembers the day. */
    public void write(Exchange e) {
        String report = e.getIn().getHeader(BsaNames.REPORT, String.class);
        String day = day(e);
        byte[] csv = e.getIn().getBody(byte[].class);
        List<List<String>> rows = BsaCsvCheck.parse(e, report, coreFields.apply(report), csv);
        Path dir = data.outbox("bsa").resolve(report);
        DataDirectory.writeAtomically(dir.resolve(day + ".csv"), csv);
        DataDirectory.writeAtomically(dir.resolve(day + ".normalized.csv"),
                BsaReportNormaliser.normalise(rows.get(0), rows.subList(1, rows.size())).getBytes(StandardCharsets.UTF_8));
        idempotency.markDone(BsaNames.EFFECT, key(e));
        summary(e).pulled(day);
        LOG.info("BuySellAds {} {}: {} rows -> {}", report, day, rows.size() - 1, dir.resolve(day + ".csv"));
    }

    /** The pull's outcome in one line, the summary of its run. */
    public void outcome(Exchange e) {
        e.setProperty(Flow.OUTCOME, e.getProperty(BsaNames.SUMMARY).toString());
    }

    private static String key(Exchange e) {
        return e.getIn().getHeader(BsaNames.REPORT) + "/" + day(e);
    }

    private static String day(Exchange e) {
        return e.getIn().getHeader(BsaNames.DATE, String.class);
    }

    /** The pull's summary; a replayed day (no pull around it) has one of its own. */
    private static PullSummary summary(Exchange e) {
        PullSummary summary = e.getProperty(BsaNames.SUMMARY, PullSummary.class);
        if (summary == null) {
            summary = new PullSummary(List.of(LocalDate.parse(day(e))), RunningJob.current());
            e.setProperty(BsaNames.SUMMARY, summary);
        }
        return summary;
    }
}
