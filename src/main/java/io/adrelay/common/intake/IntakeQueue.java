package io.adrelay.common.intake;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * The stored-but-unprocessed requests of one API (its {@link IntakeStore}), and the bound on
 * them ({@code adrelay.intake.max-pending}): above it, webhooks answer 503 with Retry-After, so
 * senders slow down instead of queueing hours of work. Its length is the gauge
 * {@code adrelay_intake_pending{api}}, its bound {@code adrelay_intake_max_pending{api}}.
 */
public class IntakeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeQueue.class);
    /** The store is counted at most this often; admissions in between are added to the count. */
    private static final long RECOUNT_MILLIS = 250;

    private final String api;
    private final IntakeStore store;
    private final int maxPending;
    private final DiskSpace disk;
    private final AtomicBoolean full = new AtomicBoolean();
    private long countedAt;
    private int counted;
    private int admittedSince;

    public IntakeQueue(String api, IntakeStore store, int maxPending, DiskSpace disk) {
        this.api = api;
        this.store = store;
        this.maxPending = maxPending;
        this.disk = disk;
    }

    /** Registers the queue-length gauge. */
    public IntakeQueue measuredBy(MeterRegistry registry) {
        if (registry != null) {
            Gauge.builder("adrelay.intake.pending", this, IntakeQueue::pending).tag("api", api)
                    .description("requests stored and not yet processed").register(registry);
            // the bound beside the length, so that an alert can say "near its bound" whatever it is set to
            Gauge.builder("adrelay.intake.max.pending", this, queue -> queue.maxPending).tag("api", api)
                    .description("adrelay.intake.max-pending: above it, webhooks answer 503").register(registry);
        }
        return this;
    }

    /** Makes room for one more request or refuses it (503 + Retry-After) when the queue or the disk is full. */
    public void admit() {
        // outside the lock: every webhook thread checks the disk, none waits for another's check
        disk.requireSpace();
        admitToQueue();
    }

    private synchronized void admitToQueue() {
        if (pending() >= maxPending) {
            if (full.compareAndSet(false, true)) {
                LOG.warn("{} intake queue holds {} requests (adrelay.intake.max-pending): webhooks answer 503 until it drains",
                        api, maxPending);
            }
            throw new RequestRejectedException(503, api + " intake is full (" + maxPending + " requests waiting); retry later")
                    .retryAfter(30);
        }
        if (full.compareAndSet(true, false)) {
            LOG.info("{} intake queue is below {} again: webhooks are accepted", api, maxPending);
        }
        admittedSince++;
    }

    /** Requests stored and not yet processed, recounted every 250 ms at most. */
    public synchronized int pending() {
        long now = System.currentTimeMillis();
        if (now - countedAt >= RECOUNT_MILLIS) {
            counted = count();
            admittedSince = 0;
            countedAt = now;
        }
        return counted + admittedSince;
    }

    private int count() {
        try {
            return store.pendingCount();
        } catch (UncheckedIOException e) {
            return counted;
        }
    }
}
