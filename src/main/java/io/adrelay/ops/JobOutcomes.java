package io.adrelay.ops;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Remembers each scheduled job's last run and how it ended, for GET /ops/jobs. */
public class JobOutcomes extends EventNotifierSupport {

    /** Exchange property a flow may set to describe its outcome in one line (else "ok" or the failure). */
    public static final String OUTCOME = "adrelay.outcome";

    public record Outcome(Instant finishedAt, String summary) {
    }

    private final Map<String, Outcome> last = new ConcurrentHashMap<>();

    public JobOutcomes() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent)
                && ((ExchangeEvent) event).getExchange().getFromEndpoint() instanceof QuartzEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        String summary = exchange.getProperty(OUTCOME, String.class);
        if (exchange.getException() != null) {
            summary = "failed: " + exchange.getException().getMessage();
        } else if (summary == null) {
            summary = exchange.getProperty(Flow.DEAD_LETTER_ID) != null ? "dead-lettered" : "ok";
        }
        last.put(exchange.getFromRouteId(), new Outcome(Instant.now(), summary));
    }

    public Outcome lastOutcome(String jobId) {
        return last.get(jobId);
    }
}
