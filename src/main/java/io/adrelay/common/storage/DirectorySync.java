package io.adrelay.common.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of directory fsyncs. A rename (a file written under a temp name, a file moved) is durable only
 * once its directory is fsync'd; one fsync covers every rename made in that directory before it began. Writers
 * that renamed files register the directories and wait (or are called back); one thread takes every request
 * that arrived meanwhile, fsyncs each directory once for all of them, then releases them all. So N writers
 * share one fsync per directory, and a write reported done is on disk, as with an fsync of its own.
 */
public final class DirectorySync {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);
    private static final DirectorySync SHARED = new DirectorySync("adrelay-directory-sync", DirectorySync::fsync);

    /** What makes a directory's entries durable: its fsync (a test's own, to see which are made and when). */
    @FunctionalInterface
    interface Fsync {
        void of(Path dir) throws IOException;
    }

    private record Request(Set<Path> dirs, CompletableFuture<Void> done) {
    }

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final String threadName;
    private final Fsync fsync;
    private volatile Thread thread;
    /** Requests served, for tests. */
    private volatile long served;

    DirectorySync(String threadName, Fsync fsync) {
        this.threadName = threadName;
        this.fsync = fsync;
    }

    /** The one instance every writer of this JVM shares (one data dir's writers, or several in tests). */
    public static DirectorySync shared() {
        return SHARED;
    }

    /**
     * Completes once every directory given has been fsync'd by an fsync that began after this call (so it covers
     * the renames the caller made before); completes exceptionally with the IOException of a directory that
     * could not be.
     */
    public CompletableFuture<Void> syncLater(Collection<Path> dirs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (dirs.isEmpty()) {
            done.complete(null);
            return done;
        }
        startOnce();
        queue.add(new Request(new LinkedHashSet<>(dirs), done));
        return done;
    }

    /** {@link #syncLater}, waited for: a directory that cannot be fsync'd is the IOException. */
    public void sync(Collection<Path> dirs) throws IOException {
        if (dirs.isEmpty()) {
            return;
        }
        if (Thread.currentThread() == thread) {
            // a caller released by this thread that writes again (the rest of its exchange runs here): it cannot wait for itself
            for (Path dir : new LinkedHashSet<>(dirs)) {
                fsync.of(dir);
            }
            return;
        }
        boolean interrupted = false;
        try {
            CompletableFuture<Void> done = syncLater(dirs);
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    // the fsync is under way and short: wait for it, so that "written" stays true; re-interrupt after
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long served() {
        return served;
    }

    private synchronized void startOnce() {
        if (thread == null) {
            thread = new Thread(this::run, threadName);
            // idle, it only waits on the queue; a JVM that exits has nothing left to make durable that a caller was told
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // never interrupted by adrelay; keep serving the writers that wait
                continue;
            }
            queue.drainTo(batch);
            commit(batch);
            batch.clear();
        }
    }

    /** Each directory of the batch fsync'd once, then every request released, with its directories' outcome. */
    private void commit(List<Request> batch) {
        Map<Path, IOException> outcome = new HashMap<>();
        for (Request request : batch) {
            for (Path dir : request.dirs()) {
                if (!outcome.containsKey(dir)) {
                    outcome.put(dir, fsyncOnce(dir));
                }
            }
        }
        served += batch.size();
        for (Request request : batch) {
            IOException failure = null;
            for (Path dir : request.dirs()) {
                failure = failure == null ? outcome.get(dir) : failure;
            }
            if (failure == null) {
                request.done().complete(null);
            } else {
                request.done().completeExceptionally(failure);
            }
        }
        LOG.trace("{} directories fsync'd for {} writers", outcome.size(), batch.size());
    }

    /** The directory fsync'd; null when done, else why not. */
    private IOException fsyncOnce(Path dir) {
        try {
            fsync.of(dir);
            return null;
        } catch (IOException e) {
            return e;
        } catch (RuntimeException e) {
            return new IOException("Cannot fsync " + dir + ": " + e, e);
        }
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | AccessDeniedException notOnThisPlatform) {
            // some platforms cannot open a directory for reading; the rename itself is still atomic
        }
    }
}
