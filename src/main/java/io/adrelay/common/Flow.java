package io.adrelay.common;

/**
 * Names shared by every flow: the exchange properties the common error handling reads, and the
 * header prefix of a flow's parameters (kept in dead letters so they can be replayed).
 */
public final class Flow {

    /** Exchange property: the API a route talks to (bsa, statlas, drive, apisync, snap). */
    public static final String API = "AdrelayApi";
    /** Exchange property: the route to name in a dead letter. */
    public static final String ROUTE = "AdrelayRoute";
    /** Exchange property: the outbound request, described for a dead letter (masked when written). */
    public static final String REQUEST = "AdrelayRequest";
    /** Exchange property: where a replay of this exchange is sent. */
    public static final String REPLAY_URI = "AdrelayReplayUri";
    /** Exchange property: the body a replay sends (absent: empty). */
    public static final String REPLAY_BODY = "AdrelayReplayBody";
    /** Exchange property: id of the dead letter this exchange replays (POST /ops/dead-letters/{id}/replay). */
    public static final String REPLAY_OF = "AdrelayReplayOf";
    /** Exchange property: id of the dead letter this exchange ended in. */
    public static final String DEAD_LETTER_ID = "AdrelayDeadLetterId";
    /** Exchange property: the API whose webhook this exchange is (set by its intake), and where the request came from. */
    public static final String WEBHOOK = "AdrelayWebhook";
    public static final String WEBHOOK_SOURCE = "AdrelayWebhookSource";
    /** Header: the tracking id of the stored request a record belongs to (a field of every log line about it). */
    public static final String TRACKING_ID = "AdrelayTrackingId";
    /** Exchange property: a job's outcome in one line (else "ok", "dead-lettered" or the failure), the summary of its run. */
    public static final String OUTCOME = "AdrelayOutcome";
    /**
     * Exchange property: true for a run that reads and decides but sends no write and stores nothing (a plan). Its
     * failure goes back to its caller as it is: no dead letter, nothing to replay.
     */
    public static final String DRY_RUN = "AdrelayDryRun";
    /** Exchange property: calls made so far, kept by the retry policy. */
    public static final String ATTEMPTS = "AdrelayAttempts";
    /** Headers of a date-ranged job run (POST /ops/jobs/{id}/run): first and last day, inclusive, and force. */
    public static final String JOB_FROM = "AdrelayFrom";
    public static final String JOB_TO = "AdrelayTo";
    public static final String JOB_FORCE = "AdrelayForce";
    /** Headers starting with this are a flow's parameters: replayed as they were. */
    public static final String HEADER_PREFIX = "Adrelay";
    /**
     * What an egress route keeps when it clears headers (so no inbound or response header leaks
     * into an outbound call or a file): the flow's parameters, Camel's redelivery bookkeeping and a dropped
     * file's headers (its consumer moves it by them; camel-http never sends Camel headers).
     */
    public static final String[] KEEP_HEADERS = {HEADER_PREFIX + "*", "CamelRedelivery*", "CamelFile*"};
    /** What an egress route keeps on the way in: the above plus the call's method, path and query. */
    public static final String[] KEEP_REQUEST_HEADERS = {HEADER_PREFIX + "*", "CamelRedelivery*", "CamelFile*",
        "CamelHttpMethod", "CamelHttpPath", "CamelHttpQuery"};

    private Flow() {
    }
}
