package io.adrelay.common.config;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import io.adrelay.common.Flow;

/**
 * Every route step of an exchange that belongs to a stored request (header {@link Flow#TRACKING_ID}), has ended in
 * a dead letter (property {@link Flow#DEAD_LETTER_ID}) or replays one (property {@link Flow#REPLAY_OF}) logs with
 * that id in the MDC: an APISync record's lines carry its request's tracking id wherever the record goes. Camel puts
 * the route and exchange ids itself (camel.main.use-mdc-logging); its pattern for custom keys is not used, as it
 * clears them when an exchange sent from inside another ends, in the middle of the exchange that sent it.
 */
public final class ExchangeLogContext implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Object trackingId = exchange.getIn().getHeader(Flow.TRACKING_ID);
                Object ended = exchange.getProperty(Flow.DEAD_LETTER_ID);
                Object deadLetterId = ended != null ? ended : exchange.getProperty(Flow.REPLAY_OF);
                if (trackingId == null && deadLetterId == null) {
                    return super.process(exchange, callback);
                }
                try (LogContext.Scope scope = LogContext.with(LogContext.TRACKING_ID, text(trackingId),
                        LogContext.DEAD_LETTER_ID, text(deadLetterId))) {
                    return super.process(exchange, callback);
                }
            }
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
