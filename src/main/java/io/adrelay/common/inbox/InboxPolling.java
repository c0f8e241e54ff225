package io.adrelay.common.inbox;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import io.adrelay.common.storage.DiskSpace;

/**
 * When a file consumer polls (set by {@link FileEndpointDefaults}): never while the data dir is short of space
 * (a drop waits rather than fails); at once again after a poll that took at least half a batch, so a backlog drains
 * without the consumer's delay between batches; after the delay otherwise. A poll that left a file where it was
 * (the disk refused its .error/ reason) waits the delay too, so a file that cannot move is not taken again in a
 * busy loop.
 */
final class InboxPolling extends DefaultPollingConsumerPollStrategy {

    private final DiskSpace disk;
    private final AtomicInteger leftInPlace = new AtomicInteger();

    InboxPolling(DiskSpace disk) {
        this.disk = disk;
    }

    /** The exchange's file stayed in its inbox: its consumer waits its delay before the next poll. */
    static void leftInPlace(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof GenericFileEndpoint<?> file && file.getPollStrategy() instanceof InboxPolling polling) {
            polling.leftInPlace.incrementAndGet();
        }
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return !disk.isLow();
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // the scheduled poll asks isGreedy() right after this, for this poll only
        if (consumer instanceof ScheduledBatchPollingConsumer batch) {
            int max = batch.getMaxMessagesPerPoll();
            boolean stuck = leftInPlace.getAndSet(0) > 0;
            // half a batch, not a full one: files of a full listing that cannot begin do not count (one moved away
            // by an exchange completing after the listing, one another node holds), and a few of them in each
            // poll made a backlog wait the delay after most batches
            batch.setGreedy(max > 0 && polledMessages * 2 >= max && !stuck);
        }
    }
}
