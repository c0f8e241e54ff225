package io.adrelay.apisync;

import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.intake.WebhookResponses;

/**
 * Records' outcomes: saved once each record is synced or dead-lettered (so the next record of its
 * request goes only after), and answered to GET /webhooks/apisync/requests/{trackingId}.
 */
final class ApisyncOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ApisyncOutcomes.class);

    private final ApisyncRequests requests;
    private final ApisyncDrain drain;
    private final WebhookIntake webhook;

    ApisyncOutcomes(ApisyncRequests requests, ApisyncDrain drain, WebhookIntake webhook) {
        this.requests = requests;
        this.drain = drain;
        this.webhook = webhook;
    }

    /** A synced record: the outcome its sync step left. */
    public void synced(Exchange e) throws Exception {
        record(e, e.getProperty(ApisyncNames.OUTCOME, ApisyncOutcome.class));
    }

    /** A record that became a dead letter: APISync's error (or ours), and the dead letter to replay once fixed. */
    public void deadLettered(Exchange e) throws Exception {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        record(e, ApisyncOutcome.failed(e.getIn().getHeader(ApisyncNames.INDEX, 0, Integer.class),
                cause == null ? "unknown" : String.valueOf(cause.getMessage()), e.getProperty(Flow.DEAD_LETTER_ID, String.class)));
    }

    /** A request's outcome: 200 with its results once done, 202 with the progress so far while pending. */
    public void answer(Exchange e) {
        webhook.authenticate(e, new byte[0]);
        String id = e.getIn().getHeader("trackingId", String.class);
        ApisyncResult outcome = requests.outcome(id).orElseThrow(() -> new RequestRejectedException(404, "no request " + id));
        int[] progress = drain.progressOf(id);
        if (progress != null) {
            outcome = outcome.withProgress(progress[0], progress[1]);
        }
        WebhookResponses.reply(e, outcome.isPending() ? 202 : 200, outcome);
    }

    private void record(Exchange e, ApisyncOutcome outcome) throws Exception {
        String trackingId = e.getIn().getHeader(ApisyncNames.TRACKING_ID, String.class);
        drain.recorded(trackingId, outcome.index(), outcome);
        // one line per record: what an operator looks for when a partner asks what became of it
        String resource = e.getIn().getHeader(ApisyncNames.RESOURCE, String.class);
        if (outcome.isFailed()) {
            LOG.warn("APISync {} record {} of {} failed: {} (dead letter {})", resource, outcome.index(), trackingId,
                    outcome.errors().get(0), outcome.deadLetter());
        } else {
            LOG.info("APISync {} {} {}: id {} (record {} of {})", resource, outcome.referenceId() == null ? "-" : outcome.referenceId(),
                    outcome.outcome(), outcome.id(), outcome.index(), trackingId);
        }
    }
}
