package io.adrelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.model.EnrichDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.model.ToDynamicDefinition;

/** What a running route sends where, read from its model: the effects a route shows as its own steps. */
public final class RouteSteps {

    private RouteSteps() {
    }

    /**
     * Each step of the route that sends (to, toD, enrich), as "to ", "toD " or "enrich " + its URI; "split {" and "}" around a
     * split's.
     */
    public static List<String> sends(CamelContext context, String routeId) {
        RouteDefinition route = ((ModelCamelContext) context).getRouteDefinition(routeId);
        if (route == null) {
            throw new AssertionError("no route " + routeId);
        }
        List<String> steps = new ArrayList<>();
        collect(route.getOutputs(), steps);
        // a route made from a template: its parameters in place of their placeholders, as the route runs them
        Map<String, Object> parameters = route.getTemplateParameters() == null ? Map.of() : route.getTemplateParameters();
        return steps.stream().map(step -> {
            String resolved = step;
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                resolved = resolved.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
            }
            return resolved;
        }).toList();
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, List<String> steps) {
        for (ProcessorDefinition<?> step : outputs) {
            if (step instanceof SendDefinition<?> to) {
                steps.add("to " + to.getEndpointUri());
            } else if (step instanceof ToDynamicDefinition toD) {
                steps.add("toD " + toD.getUri());
            } else if (step instanceof EnrichDefinition enrich) {
                steps.add("enrich " + enrich.getExpression().getExpression());
            }
            if (step instanceof SplitDefinition) {
                steps.add("split {");
            }
            collect(step.getOutputs(), steps);
            if (step instanceof SplitDefinition) {
                steps.add("}");
            }
        }
    }
}
