package io.adrelay.common.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** An Error in a route turns health DOWN naming the route, and the process is made to exit (once). */
class FatalErrorsTest {

    @Test
    void anErrorInARouteIsFatal() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        FatalErrors fatal = new FatalErrors(exits::incrementAndGet);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            fatal.setCamelContext(context);
            context.getCamelContextExtension().addInterceptStrategy(fatal.interceptor());
            RouteBuilder.addRoutes(context, rb -> rb.from("direct:deep").routeId("test-deep").process(e -> {
                throw new StackOverflowError("too deep");
            }));
            RouteBuilder.addRoutes(context, rb -> rb.from("direct:fine").routeId("test-fine").process(e -> {
                throw new IllegalStateException("an ordinary failure");
            }));
            context.start();
            assertEquals(HealthCheck.State.UP, fatal.call().getState());

            context.createProducerTemplate().send("direct:fine", e -> { });
            assertEquals(HealthCheck.State.UP, fatal.call().getState(), "an exception is not fatal");

            for (int i = 0; i < 2; i++) {
                Exception failed = context.createProducerTemplate().send("direct:deep", e -> { }).getException();
                assertTrue(failed.getCause() instanceof StackOverflowError, String.valueOf(failed));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> exits.get() == 1);
            HealthCheck.Result result = fatal.call();
            assertEquals(HealthCheck.State.DOWN, result.getState());
            assertTrue(result.getMessage().orElse("").contains("StackOverflowError in route test-deep"), result.getMessage().toString());
        }
        assertEquals(1, exits.get(), "exits once");
    }

    /** What a bean step calls: it gets an Error. */
    public static final class Exhausted {
        public void parse() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anErrorInABeanStepIsFatalThoughTheBeanHandsItBackWrapped() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        FatalErrors fatal = new FatalErrors(exits::incrementAndGet);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            fatal.setCamelContext(context);
            context.getCamelContextExtension().addInterceptStrategy(fatal.interceptor());
            context.getRegistry().bind("exhausted", new Exhausted());
            RouteBuilder.addRoutes(context, rb -> rb.from("direct:parse").routeId("test-parse").bean("exhausted", "parse"));
            context.start();
            context.createProducerTemplate().send("direct:parse", e -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> exits.get() == 1);
            assertTrue(fatal.call().getMessage().orElse("").contains("OutOfMemoryError in route test-parse"), fatal.call().getMessage().toString());
        }
    }
}
