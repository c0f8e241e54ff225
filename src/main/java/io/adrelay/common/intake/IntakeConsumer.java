package io.adrelay.common.intake;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * Takes a batch of pending requests from an {@link IntakeStore} with {@link IntakeStore#claim} (oldest first, held
 * for the lease), one exchange each: the stored bytes as body, the id as header {@link Flow#TRACKING_ID}. An exchange
 * that completes retires its request as done; one that fails (its error handler did not handle it) releases it, to be
 * taken again, as the file consumer left a file that failed where it was. A crash before "done" leaves the request
 * pending: it is processed again (at least once; the effect ledger skips what was done).
 */
public class IntakeConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeConsumer.class);

    private final IntakeStore store;
    private final Duration lease;

    IntakeConsumer(IntakeEndpoint endpoint, Processor processor, IntakeStore store, Duration lease) {
        super(endpoint, processor);
        this.store = store;
        this.lease = lease;
    }

    @Override
    protected int poll() throws Exception {
        List<String> claimed = store.claim(getMaxMessagesPerPoll(), lease);
        Queue<Object> exchanges = new ArrayDeque<>(claimed.size());
        for (String id : claimed) {
            byte[] request;
            try {
                request = store.read(id);
            } catch (IOException retired) {
                // done or set aside since the claim (by a node whose lease had passed): nothing left to do
                continue;
            }
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(request);
            exchange.getIn().setHeader(Flow.TRACKING_ID, id);
            exchanges.add(exchange);
        }
        return processBatch(exchanges);
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        for (int index = 0; index < total; index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            String id = exchange.getIn().getHeader(Flow.TRACKING_ID, String.class);
            if (!isBatchAllowed()) {
                // stopping: the rest goes back, for this node's next start or another node
                store.release(id);
                continue;
            }
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            exchange.getExchangeExtension().addOnCompletion(new Retire(store, id));
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing stored request " + id, exchange, exchange.getException());
            }
        }
        pendingExchanges = 0;
        return total;
    }

    /** Retires the request once its exchange is over: done when it completed, released when it failed. */
    private record Retire(IntakeStore store, String id) implements Synchronization {

        @Override
        public void onComplete(Exchange exchange) {
            store.done(id);
        }

        @Override
        public void onFailure(Exchange exchange) {
            try {
                store.release(id);
            } catch (RuntimeException unreachable) {
                // its lease runs out all the same: taken again then
                LOG.warn("Stored request {} could not be released ({}); it is taken again once its claim has passed", id,
                        unreachable.getMessage());
            }
        }
    }
}
