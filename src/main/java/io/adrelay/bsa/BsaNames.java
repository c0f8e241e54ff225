package io.adrelay.bsa;

import io.adrelay.common.Flow;

/** The header and property names of the BuySellAds flow; routes/bsa-pull-report.camel.yaml spells them the same. */
final class BsaNames {

    /** Header: the report (endpoint name) a pull is for. */
    static final String REPORT = "AdrelayReport";
    /** Header: the day one pull is for, yyyy-mm-dd. */
    static final String DATE = "AdrelayDate";
    static final String FROM = Flow.JOB_FROM;
    static final String TO = Flow.JOB_TO;
    static final String FORCE = Flow.JOB_FORCE;
    /** Exchange property: the PullSummary of a pull, shared by its days. */
    static final String SUMMARY = "AdrelayPullSummary";
    /** The idempotent effect: report/day pulled. */
    static final String EFFECT = "bsa-report";
    /** The route template of a report's schedule, and the prefix of its instances' ids (the jobs). */
    static final String SCHEDULE_TEMPLATE = "bsa-pull-report";

    private BsaNames() {
    }
}
