package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The jobs the configuration declares (a pull per BuySellAds report, an upload schedule per Snap
 * feed), each of which must exist as a started route: health is never UP while one is missing,
 * say because its route file was edited away or never had it.
 */
public final class DeclaredJobs extends AbstractHealthCheck {

    private final Set<String> flows;
    private final Map<String, Supplier<Collection<String>>> expected = new ConcurrentHashMap<>();

    /** For the enabled flows: a flow left out of ADRELAY_FLOWS declares nothing. */
    public DeclaredJobs(Set<String> flows) {
        super("adrelay", "jobs");
        this.flows = Set.copyOf(flows);
    }

    /** What a flow declares: route ids, asked again at each check (a declaration can change while running). */
    public void expect(String flow, Supplier<Collection<String>> routeIds) {
        if (flows.contains(flow)) {
            expected.put(flow, routeIds);
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> missing = new ArrayList<>();
        expected.forEach((flow, routeIds) -> {
            for (String id : routeIds.get()) {
                if (getCamelContext().getRoute(id) == null) {
                    missing.add(id + " (" + flow + ")");
                } else if (!getCamelContext().getRouteController().getRouteStatus(id).isStarted()) {
                    missing.add(id + " (" + flow + ", " + getCamelContext().getRouteController().getRouteStatus(id) + ")");
                }
            }
        });
        if (missing.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("declared jobs without a running route: " + String.join(", ", missing));
        }
    }
}
