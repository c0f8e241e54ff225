package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.adrelay.common.storage.ClusterLocks;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A provisioning run holds the cluster's lock of its turn from its start until its exchange is done. */
class ProvisioningTurnTest {

    final List<String> locks = new ArrayList<>();
    final ClusterLocks cluster = name -> {
        locks.add("hold " + name);
        return () -> locks.add("release " + name);
    };

    @Test
    void theClustersLockIsHeldUntilTheRunsExchangeIsDone() throws Exception {
        ProvisioningTurn turn = new ProvisioningTurn("snap catalog provisioning", cluster, Duration.ofSeconds(1));
        Exchange first = new DefaultExchange(new DefaultCamelContext());

        turn.take(first);
        assertEquals(List.of("hold snap catalog provisioning"), locks);

        first.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(first));
        assertEquals(List.of("hold snap catalog provisioning", "release snap catalog provisioning"), locks);

        // the turn is free again, here and across the nodes
        Exchange second = new DefaultExchange(new DefaultCamelContext());
        turn.take(second);
        second.getExchangeExtension().handoverCompletions().forEach(done -> done.onFailure(second));
        assertEquals(4, locks.size(), locks.toString());
    }
}
