package io.adrelay.common.routes;

import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/** Whether a route of this id is kept by the model's route filter (RuntimeSetup leaves out the flows not enabled). */
public final class RouteFilter {

    private RouteFilter() {
    }

    public static boolean keeps(CamelContext context, String routeId) {
        Function<RouteDefinition, Boolean> filter = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteFilter();
        return filter == null || routeId == null || Boolean.TRUE.equals(filter.apply(new RouteDefinition().routeId(routeId)));
    }
}
