package io.adrelay.common.storage.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** Counts dead letters per API in the metrics registry ({@code adrelay_dead_letters_total{api}}). */
public class DeadLetterCounter {

    private final CamelContext context;

    public DeadLetterCounter(CamelContext context) {
        this.context = context;
    }

    public void increment(String api) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            registry.counter("adrelay.dead.letters", "api", api).increment();
        }
    }
}
