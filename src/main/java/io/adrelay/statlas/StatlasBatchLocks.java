package io.adrelay.statlas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import io.adrelay.common.storage.ClusterLocks;

/**
 * One piece of work on a batch at a time (its delivery, its Drive folders): the Drive poll, a replayed dead
 * letter and the event router may look at one batch together, and two would deliver it twice or make two
 * folders. An exchange holds its batch's lock from the step that takes it until the exchange completes (its
 * steps are many route steps now, not one synchronized method); a route it calls that takes the same lock on
 * the same exchange goes on. A semaphore, not a thread's lock: a retry may resume on another thread. In the cluster
 * profile every node's Drive poll looks at every batch: the batch's lock is held across the nodes too (ClusterLocks),
 * taken once this node's own is had, so a node waits for another's delivery of the batch and then finds it done.
 */
final class StatlasBatchLocks {

    /** Exchange property: the batch whose lock this exchange holds. */
    private static final String HELD = "AdrelayBatchLock";

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final ClusterLocks cluster;

    StatlasBatchLocks(ClusterLocks cluster) {
        this.cluster = cluster;
    }

    /**
     * Waits for the batch's lock, held until the exchange completes; then {@code beforeRelease} runs (with the
     * lock still held), then the lock is released.
     */
    void hold(Exchange e, String batchId, Consumer<Exchange> beforeRelease) {
        if (batchId.equals(e.getProperty(HELD))) {
            return;
        }
        Semaphore lock = locks.computeIfAbsent(batchId, id -> new Semaphore(1));
        // as the synchronized methods it replaces: a stop lets the holder finish, and the waiter with it
        lock.acquireUninterruptibly();
        ClusterLocks.Held acrossNodes;
        try {
            acrossNodes = cluster.hold("statlas-batch/" + batchId);
        } catch (RuntimeException noDatabase) {
            lock.release();
            throw noDatabase;
        }
        e.setProperty(HELD, batchId);
        e.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    beforeRelease.accept(done);
                } finally {
                    try {
                        acrossNodes.release();
                    } finally {
                        lock.release();
                    }
                }
            }
        });
    }
}
