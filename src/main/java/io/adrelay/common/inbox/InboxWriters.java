package io.adrelay.common.inbox;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.MDC;

/**
 * The threads that make a dropped file's writes (its stored request, or its reason file and move to .error/), so
 * that a consumer goes on with the next file instead of waiting for each file's fsync in turn. The file system
 * commits the fsyncs under way together (one journal commit for all of them: on ext4, 8 writers make 12-20 times
 * the files per second of one), so a batch of drops costs a few journal commits, not one per file.
 * <p>
 * Bounded: past {@link #QUEUED} waiting writes the consumer makes the next one itself, which holds it back (and
 * keeps the files in flight, and their memory, few however large the backlog). A file in flight stays in its
 * consumer's in-progress set until its exchange ends, so no poll takes it again meanwhile.
 */
public final class InboxWriters {

    /** Enough writers for the journal to commit their fsyncs together; more gain nothing on one disk. */
    static final int THREADS = 8;
    static final int QUEUED = 4 * THREADS;

    private static final InboxWriters SHARED = new InboxWriters(pool("adrelay-inbox-writer", THREADS, QUEUED));

    /** A file's writes; what they throw (an Error too) fails the file's exchange. */
    @FunctionalInterface
    public interface Write {
        void run() throws Exception;
    }

    private final Executor executor;

    /** @param executor where the writes run (a test's own, to hold them) */
    public InboxWriters(Executor executor) {
        this.executor = executor;
    }

    /** The writers every inbox consumer of this JVM shares (like {@code DirectorySync}, one disk's writers). */
    public static InboxWriters shared() {
        return SHARED;
    }

    /**
     * Runs the write on a writer thread, with the log fields (route, exchange id) of the caller's; the future
     * completes once it has run, exceptionally with what it threw (not wrapped).
     */
    public CompletableFuture<Void> write(Write write) {
        Map<String, String> fields = MDC.getCopyOfContextMap();
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> withFields(fields, () -> {
            try {
                write.run();
                done.complete(null);
            } catch (Throwable failed) {
                done.completeExceptionally(failed);
            }
        }));
        return done;
    }

    /** Runs with the given log fields (another thread's), then puts this thread's back. */
    static void withFields(Map<String, String> fields, Runnable work) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.setContextMap(fields == null ? Map.of() : fields);
        try {
            work.run();
        } finally {
            MDC.setContextMap(before == null ? Map.of() : before);
        }
    }

    static Executor pool(String name, int threads, int queued) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
                r -> {
                    Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
                    // a write under way belongs to an exchange in flight, which a stop waits for; idle, they only wait
                    thread.setDaemon(true);
                    return thread;
                },
                // full: the consumer makes this write itself, and takes no new file meanwhile
                new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
