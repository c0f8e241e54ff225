package io.adrelay.common.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.StorageException;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.intake.IntakeStore;
import io.adrelay.common.storage.intake.IntakeStores;

/**
 * The intake: consumer retires a batch's completed requests in one write once the batch's exchanges are over (in the
 * cluster one UPDATE, one commit, instead of one per request), and when that write fails (the store away) they are
 * retired before the next claim, not taken and processed again. A real file store, each retirement noted on its way.
 */
class IntakeConsumerBatchTest extends CamelTestSupport {

    @TempDir
    Path dir;

    FileIntakeStore files;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    /** Each retirement: "done <id>" or "doneAll <n> after <seen>". */
    final List<String> retired = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean awayOnce = new AtomicBoolean();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        files = new FileIntakeStore(dir);
        IntakeStore noted = new Noted(files);
        IntakeStores stores = queue -> noted;
        context.getRegistry().bind("intakeStores", stores);
        return context;
    }

    /** Added as a lambda: a RouteBuilder class among the tests would be found by camel-main's scan in the other tests. */
    @Override
    protected void doPostSetup() throws Exception {
        RouteBuilder.addRoutes(context, routes -> routes.from("intake:test/events?delay=100&initialDelay=0&maxMessagesPerPoll=50")
                .routeId("events").autoStartup(false).process(this::process));
    }

    private void process(Exchange e) {
        seen.add(e.getIn().getHeader(Flow.TRACKING_ID, String.class));
    }

    @Test
    void aBatchsCompletedRequestsAreRetiredInOneWriteAfterItsExchanges() throws Exception {
        List<String> ids = store(30);
        context.getRouteController().startRoute("events");

        await().atMost(Duration.ofSeconds(20)).until(() -> files.pendingCount() == 0);
        assertEquals(ids, seen);
        assertEquals(List.of("doneAll 30 after 30"), retired);
        assertTrue(ids.stream().allMatch(files::isDone));
    }

    @Test
    void completedRequestsNotRetiredWhileTheStoreWasAwayAreRetiredBeforeTheNextClaimNotTakenAgain() throws Exception {
        List<String> ids = store(5);
        awayOnce.set(true);
        context.getRouteController().startRoute("events");

        await().atMost(Duration.ofSeconds(20)).until(() -> files.pendingCount() == 0);
        assertEquals(ids, seen, "each processed once");
        assertEquals(List.of("doneAll 5 after 5 (store away)", "doneAll 5 after 5"), retired);
    }

    private List<String> store(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = TrackingIds.next();
            files.add(id, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        return ids;
    }

    /** The file store, its retirements noted in {@link #retired}; the first doneAll fails when {@link #awayOnce} is set. */
    private final class Noted implements IntakeStore {

        private final IntakeStore store;

        Noted(IntakeStore store) {
            this.store = store;
        }

        @Override
        public void done(String id) {
            retired.add("done " + id);
            store.done(id);
        }

        @Override
        public void doneAll(Collection<String> ids) {
            if (awayOnce.compareAndSet(true, false)) {
                retired.add("doneAll " + ids.size() + " after " + seen.size() + " (store away)");
                throw new StorageException("Cannot retire: the store is away", new IOException("away"));
            }
            retired.add("doneAll " + ids.size() + " after " + seen.size());
            store.doneAll(ids);
        }

        @Override
        public void add(String id, byte[] request) {
            store.add(id, request);
        }

        @Override
        public byte[] read(String id) throws IOException {
            return store.read(id);
        }

        @Override
        public boolean isPending(String id) {
            return store.isPending(id);
        }

        @Override
        public boolean isDone(String id) {
            return store.isDone(id);
        }

        @Override
        public List<String> pendingIds() {
            return store.pendingIds();
        }

        @Override
        public int pendingCount() {
            return store.pendingCount();
        }

        @Override
        public List<String> claim(int max, Duration lease) {
            return store.claim(max, lease);
        }

        @Override
        public void release(String id) {
            store.release(id);
        }

        @Override
        public void setAside(String id) {
            store.setAside(id);
        }

        @Override
        public String setAsideLocation(String id) {
            return store.setAsideLocation(id);
        }

        @Override
        public void forgetDoneBefore(java.time.Instant before) {
            store.forgetDoneBefore(before);
        }
    }
}
