package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Whether every polling consumer (file drops, queues, timers) is still polling: DOWN, naming the
 * route, when its scheduler is gone or its last polls all failed. Unlike Camel's own consumer
 * checks it is not DOWN before a consumer's first poll has finished, which with a backlog can take
 * minutes of rate-limited work while the service is perfectly healthy.
 */
public final class ConsumerHealth extends AbstractHealthCheck {

    /** Polls failed in a row before a consumer counts as dead. */
    private static final int FAILED_POLLS = 3;

    public ConsumerHealth() {
        super("adrelay", "consumers");
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> dead = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (route.getConsumer() instanceof ScheduledPollConsumer poller
                    && getCamelContext().getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                if (!poller.isSchedulerStarted()) {
                    dead.add(route.getRouteId() + " is no longer polling");
                } else if (poller.getErrorCounter() >= FAILED_POLLS) {
                    dead.add(route.getRouteId() + " failed its last " + poller.getErrorCounter() + " polls");
                }
            }
        }
        if (dead.isEmpty()) {
            builder.up();
        } else {
            builder.down().message(String.join("; ", dead));
        }
    }
}
