package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

class BeanStepsTest {

    /** Package-private, as flow beans are: Camel calls such methods, so the check must find them. */
    static final class Drain {
        void nextRound(int max) {
        }
    }

    @Test
    void aMethodTheBeanLacksIsOneLineAndMethodsCamelCallsAreFound() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("drain", new Drain());
        // a lazy bean: not made to be checked
        context.getRegistry().bind("lazy", (Supplier<Object>) Drain::new);
        RouteDefinition route = new RouteDefinition();
        route.from("direct:a").bean("drain", "nextRound(5)").bean("drain", "gone").bean("lazy", "gone").bean("unbound", "gone");
        List<String> problems = new ArrayList<>();
        BeanSteps.problems(context, List.<ProcessorDefinition<?>>copyOf(route.getOutputs()), "route a: ", problems);
        assertEquals(List.of("route a: bean drain has no method gone (is this file a copy from an earlier release? compare it with the packaged one)"),
                problems);
    }
}
