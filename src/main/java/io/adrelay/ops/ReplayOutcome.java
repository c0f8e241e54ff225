package io.adrelay.ops;

import io.adrelay.common.Flow;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * How a dead letter's replay ended, brought back from its own exchange to the ops request's (the enrich of
 * ops-replay-dead-letter-core): the new dead letter it made, or what it threw. The request's message stays as it was.
 */
public final class ReplayOutcome implements AggregationStrategy {

    /** Exchange properties of the ops request: the new dead letter's id, the replay's failure. */
    static final String DEAD_LETTER = "AdrelayReplayDeadLetter";
    static final String FAILURE = "AdrelayReplayFailure";

    @Override
    public Exchange aggregate(Exchange request, Exchange replay) {
        if (replay == null) {
            return request;
        }
        request.setProperty(DEAD_LETTER, replay.getProperty(Flow.DEAD_LETTER_ID, String.class));
        request.setProperty(FAILURE, replay.getException());
        return request;
    }
}
