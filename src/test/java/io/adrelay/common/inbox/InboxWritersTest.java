package io.adrelay.common.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The writers of dropped files: their writes are under way together (so the file system can commit their fsyncs
 * together), a full queue makes the caller write (so a backlog is not read into memory ahead of its writes), and a
 * write's failure (an Error too) reaches its file's exchange unwrapped, with the caller's log fields in its lines.
 */
class InboxWritersTest {

    @Test
    void theWritesOfSeveralFilesAreUnderWayTogether() throws Exception {
        InboxWriters writers = new InboxWriters(InboxWriters.pool("test-inbox-writer", InboxWriters.THREADS, InboxWriters.QUEUED));
        // each write waits until all of them have begun: writes made one after the other would never end
        CountDownLatch begun = new CountDownLatch(InboxWriters.THREADS);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < InboxWriters.THREADS; i++) {
            writes.add(writers.write(() -> {
                begun.countDown();
                assertTrue(begun.await(10, TimeUnit.SECONDS), "every write began");
            }));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aCallerThatFindsTheQueueFullMakesItsWriteItself() throws Exception {
        InboxWriters writers = new InboxWriters(InboxWriters.pool("test-inbox-writer", 1, 1));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> busy = writers.write(() -> release.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> queued = writers.write(() -> { });
        Thread[] madeBy = new Thread[1];
        CompletableFuture<Void> third = writers.write(() -> madeBy[0] = Thread.currentThread());
        // made at once, by the caller, while the writer and its queue are taken
        assertTrue(third.isDone());
        assertSame(Thread.currentThread(), madeBy[0]);
        assertFalse(busy.isDone());
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
        queued.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFailedWriteEndsItsFutureWithWhatItThrewAndLogsWithTheCallersFields() throws Exception {
        InboxWriters writers = new InboxWriters(InboxWriters.pool("test-inbox-writer", 2, 2));
        MDC.put("camel.exchangeId", "exchange-1");
        try {
            String[] seen = new String[1];
            CompletableFuture<Void> failed = writers.write(() -> {
                seen[0] = MDC.get("camel.exchangeId");
                throw new IOException("No space left on device");
            });
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> failed.get(10, TimeUnit.SECONDS));
            assertEquals(IOException.class, e.getCause().getClass());
            assertEquals("exchange-1", seen[0]);
            CompletableFuture<Void> error = writers.write(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> error.get(10, TimeUnit.SECONDS));
            assertEquals(OutOfMemoryError.class, e.getCause().getClass());
        } finally {
            MDC.setContextMap(Map.of());
        }
    }
}
