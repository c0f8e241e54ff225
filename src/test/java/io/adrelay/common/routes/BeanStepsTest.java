package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

class BeanStepsTest {

    private static final String HINT = " (mistyped, or is this file a copy from an earlier release? compare it with the packaged one)";

    /** Package-private, as flow beans are: Camel calls such methods, so the check must find them. */
    static final class Drain {
        void nextRound(int max) {
        }
    }

    final DefaultCamelContext context = new DefaultCamelContext();

    final AtomicInteger made = new AtomicInteger();

    List<String> problems(RouteDefinition route, Map<String, Object> parameters) {
        context.getRegistry().bind("drain", new Drain());
        // a lazy bean, as @BindToRegistry(lazy = true) binds one: checked by the type it is bound with, not made to be checked
        context.getRegistry().bind("lazy", Drain.class, () -> {
            made.incrementAndGet();
            return new Drain();
        });
        // a supplier bound as a bean: what it supplies is not known
        context.getRegistry().bind("supplier", (Supplier<Object>) Drain::new);
        List<String> problems = new ArrayList<>();
        BeanSteps.problems(context, List.<ProcessorDefinition<?>>copyOf(route.getOutputs()), parameters, "route a: ", problems);
        return problems;
    }

    @Test
    void aMethodTheBeanLacksAndABeanThereIsNoneOfAreALineEach_methodsCamelCallsAreFound() {
        RouteDefinition route = new RouteDefinition();
        route.from("direct:a").bean("drain", "nextRound(5)").bean("drain", "gone").bean("lazy", "nextRound").bean("lazy", "gone")
                .bean("supplier", "gone").bean("drian", "nextRound");
        assertEquals(List.of("route a: bean drain has no method gone" + HINT, "route a: bean lazy has no method gone" + HINT,
                "route a: there is no bean drian" + HINT), problems(route, Map.of()));
        assertEquals(0, made.get(), "the lazy bean is not made to be checked");
    }

    /** A route made from a template names its bean by a parameter; a send to a bean: endpoint is a bean step too. */
    @Test
    void templateParametersAndBeanEndpointsAreCheckedAsTheRouteRunsThem() {
        RouteDefinition route = new RouteDefinition();
        route.from("direct:a").bean("{{runs}}", "runs").to("bean:{{authorize}}").to("{{credentials}}").to("bean:drain?method=nextRound")
                .to("direct:elsewhere");
        assertEquals(List.of("route a: there is no bean bsaCatchup" + HINT, "route a: bean drain has no method authorize" + HINT,
                        "route a: there is no bean egressSteps" + HINT),
                problems(route, Map.of("runs", "bsaCatchup", "authorize", "drain?method=authorize",
                        "credentials", "bean:egressSteps?method=credentialsAsConfigured")));
    }
}
