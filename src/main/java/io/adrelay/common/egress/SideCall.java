package io.adrelay.common.egress;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import io.adrelay.common.Flow;

/**
 * A call a route makes beside its own, on an exchange of its own (bean sideCall, the aggregation of an {@code enrich}
 * step): its answer is put aside in variable {@link #ANSWER}, and the message, headers and properties of the exchange
 * that asked stay as they were. A failed call fails the exchange that asked, naming its request (an
 * {@link EgressFailure}), so that exchange's retry and dead letter apply. Snap's token refresh, made in the middle of
 * a call to the Snap API, is one.
 */
public final class SideCall implements AggregationStrategy {

    /** Exchange variable: the side call's answer (its body as received). */
    public static final String ANSWER = "sideCallAnswer";

    @Override
    public Exchange aggregate(Exchange asking, Exchange call) {
        if (call == null) {
            return asking;
        }
        if (call.getException() != null) {
            asking.setException(new EgressFailure(call.getProperty(Flow.REQUEST, "a side call", String.class), call.getException()));
            return asking;
        }
        asking.setVariable(ANSWER, call.getMessage().getBody());
        return asking;
    }
}
