package io.adrelay.common.database;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's named locks on a real PostgreSQL, as two nodes hold them (each hold a session of its own, as two nodes'): the
 * second holder of a name waits until the first releases it; another name is free meanwhile.
 */
class AdvisoryLocksIT {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying();

    @Test
    void aNameIsHeldByOneNodeAtATime() throws Exception {
        ClusterLocks nodeA = new AdvisoryLocks(db.dataSource());
        ClusterLocks nodeB = new AdvisoryLocks(db.dataSource());
        ClusterLocks.Held first = nodeA.hold("statlas-batch/BAT001");
        CompletableFuture<ClusterLocks.Held> second = CompletableFuture.supplyAsync(() -> nodeB.hold("statlas-batch/BAT001"));
        // another batch is not held back
        nodeB.hold("statlas-batch/BAT002").release();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());

        first.release();
        second.get(10, TimeUnit.SECONDS).release();
        assertFalse(second.isCompletedExceptionally());
        // the names are told apart by their keys
        assertNotEquals(AdvisoryLocks.key("statlas-batch/BAT001"), AdvisoryLocks.key("statlas-batch/BAT002"));
    }
}
