package io.adrelay.runtime;

import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * What the monitoring kit (deploy/monitoring/) alerts on that no other meter says, registered once adrelay has started:
 * {@code adrelay_ready} (1 while /observe/health/ready is UP, else 0), and {@code adrelay_dead_letters_total{api}} at 0
 * for every enabled flow, so that "dead letters growing" has a series to compare with before the first one.
 */
final class OperatorMetrics extends EventNotifierSupport {

    private final CamelContext context;
    private final Set<String> apis;

    OperatorMetrics(CamelContext context, Set<String> apis) {
        this.context = context;
        this.apis = apis;
        setIgnoreExchangeEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        Gauge.builder("adrelay.ready", context, OperatorMetrics::ready)
                .description("1 while /observe/health/ready is UP, 0 otherwise").strongReference(true).register(registry);
        apis.forEach(api -> registry.counter("adrelay.dead.letters", "api", api));
    }

    /** The readiness checks as /observe/health/ready runs them. */
    private static double ready(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream().allMatch(result -> result.getState() == HealthCheck.State.UP) ? 1 : 0;
    }
}
