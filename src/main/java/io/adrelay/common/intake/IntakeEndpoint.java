package io.adrelay.common.intake;

import java.time.Duration;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;
import io.adrelay.common.storage.intake.IntakeStores;

/**
 * One intake queue as a polling endpoint: {@code maxMessagesPerPoll} requests claimed per poll (200), polled again at
 * once while there is work (greedy), every {@code delay} ms when there is none (500). A claim holds its requests for
 * adrelay.intake.lease-ms.
 */
public class IntakeEndpoint extends ScheduledPollEndpoint {

    static final String STORES = "intakeStores";
    static final String LEASE = "adrelay.intake.lease-ms";
    private static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

    private final String queue;
    private int maxMessagesPerPoll = 200;

    IntakeEndpoint(String uri, IntakeComponent component, String queue) {
        super(uri, component);
        this.queue = queue;
        setDelay(500);
        setGreedy(true);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        IntakeStores stores = getCamelContext().getRegistry().lookupByNameAndType(STORES, IntakeStores.class);
        if (stores == null) {
            throw new IllegalStateException("intake:" + queue + " has no intake stores (bean " + STORES + ") to read");
        }
        Duration lease = getCamelContext().getPropertiesComponent().resolveProperty(LEASE).map(Long::parseLong).map(Duration::ofMillis)
                .orElse(DEFAULT_LEASE);
        IntakeConsumer consumer = new IntakeConsumer(this, processor, stores.queue(queue), lease);
        consumer.setMaxMessagesPerPoll(maxMessagesPerPoll);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("intake:" + queue + " is read by routes only: requests are stored by their flow's intake");
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        if (maxMessagesPerPoll < 1) {
            throw new IllegalArgumentException("intake:" + queue + " maxMessagesPerPoll must be at least 1, not " + maxMessagesPerPoll);
        }
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public String getQueue() {
        return queue;
    }
}
