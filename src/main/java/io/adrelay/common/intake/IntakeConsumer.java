package io.adrelay.common.intake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.StorageException;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * Takes a batch of pending requests from an {@link IntakeStore} with {@link IntakeStore#claimRequests} (oldest first,
 * held for the lease, with their bytes), one exchange each: the stored bytes as body, the id as header
 * {@link Flow#TRACKING_ID}. The requests whose exchange completed are retired as done together at the end of their
 * batch ({@link IntakeStore#doneAll}: one write, one commit, not one per request); one whose exchange fails (its error
 * handler did not handle it) is released at once, to be taken again, as the file consumer left a file that failed
 * where it was. A crash before "done" is written leaves the request pending: it is processed again (at least once; the
 * effect ledger skips what was done), so a crash mid-batch may take again the batch's completed requests.
 */
public class IntakeConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeConsumer.class);

    private final IntakeStore store;
    private final Duration lease;
    /** The last claim failed: said once, until one succeeds. */
    private boolean waiting;
    /** The requests whose exchange completed, not yet retired as done; guarded by itself. */
    private final List<String> completed = new ArrayList<>();

    IntakeConsumer(IntakeEndpoint endpoint, Processor processor, IntakeStore store, Duration lease) {
        super(endpoint, processor);
        this.store = store;
        this.lease = lease;
    }

    @Override
    protected int poll() throws Exception {
        Map<String, byte[]> claimed;
        try {
            // what a batch left undone (the store was away at its end) first: it is not taken, and processed, again
            retireCompleted();
            claimed = store.claimRequests(getMaxMessagesPerPoll(), lease);
        } catch (StorageException unreachable) {
            // the store is away (the database restarting, the disk failing): the consumer waits for it, alive; readiness
            // and the store's own health say what is wrong
            if (!waiting) {
                LOG.warn("{} waits for its store: {}", getEndpoint(), unreachable.getMessage());
                waiting = true;
            }
            return 0;
        }
        if (waiting) {
            LOG.info("{} takes requests again", getEndpoint());
            waiting = false;
        }
        Queue<Object> exchanges = new ArrayDeque<>(claimed.size());
        claimed.forEach((id, request) -> {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(request);
            exchange.getIn().setHeader(Flow.TRACKING_ID, id);
            exchanges.add(exchange);
        });
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
            exchange.getExchangeExtension().addOnCompletion(new Retire(this, id));
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
        try {
            retireCompleted();
        } catch (StorageException unreachable) {
            // kept: the next poll retires them before it claims
            LOG.warn("{}: {} completed requests not retired yet ({}); retried before the next claim", getEndpoint(), completedCount(),
                    unreachable.getMessage());
        }
        return total;
    }

    /** The batch is over, or the consumer stops: what completed is retired as done. */
    @Override
    protected void doStop() throws Exception {
        try {
            retireCompleted();
        } catch (StorageException unreachable) {
            // they stay pending: taken, and processed, again once their claim has passed (the effect ledger skips them)
            LOG.warn("{} stops with {} completed requests not retired ({})", getEndpoint(), completedCount(), unreachable.getMessage());
        }
        super.doStop();
    }

    /** One write for every request completed so far; on a failure they stay to retire, and the failure is thrown. */
    private synchronized void retireCompleted() {
        List<String> ids;
        synchronized (completed) {
            if (completed.isEmpty()) {
                return;
            }
            ids = List.copyOf(completed);
        }
        store.doneAll(ids);
        synchronized (completed) {
            completed.subList(0, ids.size()).clear();
        }
    }

    private int completedCount() {
        synchronized (completed) {
            return completed.size();
        }
    }

    private void completed(String id) {
        synchronized (completed) {
            completed.add(id);
        }
    }

    /** Retires the request once its exchange is over: done with its batch when it completed, released when it failed. */
    private record Retire(IntakeConsumer consumer, String id) implements Synchronization {

        @Override
        public void onComplete(Exchange exchange) {
            consumer.completed(id);
        }

        @Override
        public void onFailure(Exchange exchange) {
            try {
                consumer.store.release(id);
            } catch (RuntimeException unreachable) {
                // its lease runs out all the same: taken again then
                LOG.warn("Stored request {} could not be released ({}); it is taken again once its claim has passed", id,
                        unreachable.getMessage());
            }
        }
    }
}
