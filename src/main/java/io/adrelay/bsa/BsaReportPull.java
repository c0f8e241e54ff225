package io.adrelay.bsa;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.ops.RunningJob;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.ledger.EffectLedger;

/**
 * The logic of a report pull (bean bsaReportPull), called by name from routes/bsa-pull-report.camel.yaml:
 * the days a pull covers, whether a day is done already, the check of a pulled day, the day done, and the
 * pull's outcome. The day's files are written by the route's steps (bean bsaReportFiles).
 */
public class BsaReportPull {

    private static final Logger LOG = LoggerFactory.getLogger(BsaReportPull.class);

    private final EffectLedger idempotency;
    private final DataDirectory data;
    private final ZoneId zone;
    private final List<String> reports;
    private final Function<String, List<String>> coreFields;

    /**
     * @param reports    the configured reports (bsa.reports)
     * @param coreFields a report's core fields (bsa.report.&lt;report&gt;.columns), empty when none are declared
     */
    public BsaReportPull(EffectLedger idempotency, DataDirectory data, ZoneId zone, List<String> reports,
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

    /**
     * Should the day end in the dead letter (http-api), it is counted in its pull's summary once the day is done: a
     * completion registered here, where the day begins (Camel's YAML DSL takes no onCompletion among a route's steps).
     */
    public void countIfDeadLettered(Exchange e) {
        e.getExchangeExtension().addOnCompletion(new DeadLetteredDay());
    }

    /** Checks the pulled report's rows (variable rows, read by camel-csv): the report's core fields, rows of the header's width. */
    public void check(Exchange e) {
        String report = e.getIn().getHeader(BsaNames.REPORT, String.class);
        BsaCsvCheck.check(report, coreFields.apply(report), BsaReportFiles.rows(e));
    }

    /** The day's files are written: it is remembered (not pulled again unless forced) and counted in the pull's summary. */
    public void pulled(Exchange e) {
        String day = day(e);
        idempotency.markDone(BsaNames.EFFECT, key(e));
        summary(e).pulled(day);
        LOG.info("BuySellAds {} {}: {} rows -> {}", e.getIn().getHeader(BsaNames.REPORT), day, BsaReportFiles.rows(e).size() - 1,
                data.outbox("bsa").resolve(e.getIn().getHeader(BsaNames.REPORT, String.class)).resolve(day + ".csv"));
    }

    /** The pull's outcome in one line, the summary of its run. */
    public void outcome(Exchange e) {
        e.setProperty(Flow.OUTCOME, e.getProperty(BsaNames.SUMMARY).toString());
    }

    /** A day that ended in the dead letter, counted as failed in its pull's summary. */
    private static final class DeadLetteredDay extends SynchronizationAdapter {
        @Override
        public void onDone(Exchange e) {
            if (e.getProperty(Flow.DEAD_LETTER_ID) != null) {
                summary(e).failed(day(e));
            }
        }
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
