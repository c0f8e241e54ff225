package io.adrelay.snap;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.storage.ClusterLocks;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One provisioning run at a time (of the catalogs, or of the DPA campaigns), whatever started it and on whichever node:
 * a run lists what Snap holds, then creates what is missing, so two runs at once would both create it. In a cluster
 * every node provisions at its start and whenever the shared declaration is saved, so the turn is held across the
 * nodes too ({@link ClusterLocks}: a node that dies gives it back). Held until the run's exchange is done.
 */
public final class ProvisioningTurn {

    private final String name;
    private final ClusterLocks cluster;
    private final Duration wait;
    private final Semaphore here = new Semaphore(1, true);

    /**
     * @param name what is provisioned, the name of the cluster's lock
     * @param wait how long a run waits for the one before it in this JVM
     */
    public ProvisioningTurn(String name, ClusterLocks cluster, Duration wait) {
        this.name = name;
        this.cluster = cluster;
        this.wait = wait;
    }

    /** Waits for the turn, then holds it until the exchange is done. */
    public void take(Exchange exchange) throws InterruptedException {
        if (!here.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the " + name + " run before this one has not ended after " + wait);
        }
        ClusterLocks.Held acrossNodes;
        try {
            acrossNodes = cluster.hold(name);
        } catch (RuntimeException e) {
            here.release();
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    acrossNodes.release();
                } finally {
                    here.release();
                }
            }
        });
    }
}
