package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of directory fsyncs: writers that arrive while an fsync is under way share the next one, and none
 * is released by an fsync that began before it asked.
 */
class DirectorySyncTest {

    @TempDir
    Path dir;

    /** The fsyncs made, in order; the first one held until released. */
    private final List<Path> fsynced = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    private final DirectorySync sync = new DirectorySync("test-directory-sync", d -> {
        fsynced.add(d);
        if (fsynced.size() == 1) {
            firstStarted.countDown();
            await(releaseFirst);
        }
        if (d.getFileName().toString().equals("broken")) {
            throw new IOException("Input/output error");
        }
    });

    @Test
    void writersThatArriveDuringAnFsyncShareTheNextOneAndAreNotReleasedByTheOneUnderWay() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        CompletableFuture<Void> first = sync.syncLater(Set.of(a));
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS), "the first fsync began");
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(sync.syncLater(i % 2 == 0 ? Set.of(a) : Set.of(a, b)));
        }
        // the fsync of a that is under way began before they asked: it releases none of them
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        // one fsync of a and one of b for all twenty
        assertEquals(List.of(a, a, b), fsynced);
    }

    @Test
    void aDirectoryThatCannotBeSyncedFailsTheWritersThatNamedItAndOnlyThem() throws Exception {
        Path ok = Files.createDirectories(dir.resolve("ok"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        CompletableFuture<Void> first = sync.syncLater(Set.of(ok));
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> fine = sync.syncLater(Set.of(ok));
        CompletableFuture<Void> failed = sync.syncLater(Set.of(ok, broken));
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        fine.get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertEquals("Input/output error", e.getCause().getMessage());
        IOException waited = assertThrows(IOException.class, () -> sync.sync(Set.of(broken)));
        assertEquals("Input/output error", waited.getMessage());
    }

    @Test
    void aWriterReleasedOnTheSyncThreadThatWritesAgainIsNotKeptWaitingForItself() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        CompletableFuture<Void> first = sync.syncLater(Set.of(a));
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        // attached while the fsync is under way: run by the sync thread once it is done, as a Camel exchange goes on
        CompletableFuture<Void> writesAgain = first.thenRun(() -> {
            try {
                sync.sync(Set.of(a));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        releaseFirst.countDown();
        writesAgain.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(a, a), fsynced);
    }

    @Test
    void theSharedInstanceFsyncsRealDirectoriesAndWaitsForThem() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("x.json"), "{}");
        DirectorySync shared = DirectorySync.shared();
        long before = shared.served();
        shared.sync(Set.of(real, dir));
        assertTrue(shared.served() > before, "served");
        assertTrue(shared.syncLater(Set.of()).isDone(), "nothing to sync is done at once");
        assertFalse(Files.exists(dir.resolve("real/.x.json.tmp")));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
