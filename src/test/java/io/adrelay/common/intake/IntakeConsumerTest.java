package io.adrelay.common.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.intake.IntakeStores;

/**
 * The intake: consumer on a real file store: requests come oldest first as their stored bytes, one exchange each, are
 * retired as done once their exchange completes, are taken again when it fails, and a backlog bigger than one poll
 * drains without waiting for the next scheduled poll (the route polls once a minute here).
 */
class IntakeConsumerTest extends CamelTestSupport {

    @TempDir
    Path dir;

    FileIntakeStore store;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failOnce = ConcurrentHashMap.newKeySet();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        store = new FileIntakeStore(dir);
        IntakeStores stores = queue -> store;
        context.getRegistry().bind("intakeStores", stores);
        return context;
    }

    /** Added as a lambda: a RouteBuilder class among the tests would be found by camel-main's scan in the other tests. */
    @Override
    protected void doPostSetup() throws Exception {
        RouteBuilder.addRoutes(context, routes -> routes.from("intake:test/events?delay=60000&initialDelay=0&maxMessagesPerPoll=50")
                .routeId("events").autoStartup(false).process(this::process));
    }

    private void process(Exchange e) {
        String id = e.getIn().getHeader(Flow.TRACKING_ID, String.class);
        assertEquals("{\"id\":\"" + id + "\"}", new String(e.getIn().getBody(byte[].class), StandardCharsets.UTF_8));
        seen.add(id);
        if (failOnce.remove(id)) {
            throw new IllegalStateException("fails once");
        }
    }

    @Test
    void aBacklogOfSeveralPollsIsTakenOldestFirstAtOnceAndEachRetiredAsDone() throws Exception {
        List<String> ids = store(170);
        context.getRouteController().startRoute("events");

        // four polls of 50, one after the other: the next scheduled poll is a minute away
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= ids.size());
        assertEquals(ids, seen);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.pendingCount() == 0);
        assertTrue(ids.stream().allMatch(store::isDone));
    }

    @Test
    void aRequestWhoseExchangeFailsStaysPendingAndIsTakenAgain() throws Exception {
        context.getRouteController().stopRoute("events");
        List<String> ids = store(3);
        failOnce.add(ids.get(1));
        context.getRouteController().startRoute("events");

        // the failed one is taken again by the greedy poll that follows
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 4);
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(1)), seen.subList(0, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.pendingCount() == 0);
        assertTrue(store.isDone(ids.get(1)));
    }

    @Test
    void aQueueIsNamedClearly() {
        Exception refused = assertThrows(Exception.class, () -> context.getEndpoint("intake:Not A Queue"));
        assertTrue(String.valueOf(refused.getCause() == null ? refused.getMessage() : refused.getCause().getMessage())
                .contains("needs a queue's name"), refused.toString());
    }

    private List<String> store(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = TrackingIds.next();
            store.add(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        return ids;
    }
}
