package io.adrelay.common.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.RequestRejectedException;

/**
 * Free space as the file system tells it. With the minimum free space at 0 (the guard off), a write
 * refused for lack of space still makes the data dir short of space (health DOWN, intake and calls
 * wait) until a write succeeds again. A real full disk is DiskFullIT's; here the file system's words
 * for it are handed over directly. A file system that cannot be asked (EMFILE) is said so, not taken
 * for a full one.
 */
class DiskSpaceTest {

    @TempDir
    Path root;

    @Test
    void aWriteRefusedForLackOfSpaceMakesItLowUntilAWriteSucceeds() {
        DiskSpace disk = new DiskSpace(root.resolve("data"), 0);
        assertFalse(disk.isLow());
        DiskSpace.writeFailed(root.resolve("data/state/x.json"), new FileSystemException(root + "/data/state/x.json: No space left on device"));
        assertTrue(disk.isLow(), "low after a write failed for lack of space");
        assertThrows(StorageException.class, disk::requireRoomToRecord, "no call while its outcome could not be recorded");
        DiskSpace.writeSucceeded(root.resolve("data/outbox/y.json"));
        assertFalse(disk.isLow(), "no longer once a write succeeds");
    }

    @Test
    void otherFailuresAndOtherDataDirsDoNotCount() {
        DiskSpace disk = new DiskSpace(root.resolve("data"), 0);
        DiskSpace.writeFailed(root.resolve("data/x.json"), new IOException("Permission denied"));
        DiskSpace.writeFailed(root.resolve("elsewhere/x.json"), new IOException("No space left on device"));
        assertFalse(disk.isLow());
        assertNull(DiskSpace.lackOfSpace(new IOException("Input/output error")));
        assertTrue(DiskSpace.lackOfSpace(new StorageException("Cannot write x", new IOException("Disk quota exceeded"))) != null);
    }

    @Test
    void whenNoOtherWriteComesAProbeWriteTellsThatSpaceIsBack() throws IOException {
        Path data = Files.createDirectories(root.resolve("data"));
        DiskSpace disk = new DiskSpace(data, 0);
        DiskSpace.writeFailed(data.resolve("x.json"), new IOException("No space left on device"));
        assertTrue(disk.isLow(), "the first probe waits a second");
        // this disk has room: the probe write succeeds
        await().atMost(Duration.ofSeconds(5)).until(() -> !disk.isLow());
        try (var left = Files.list(data)) {
            assertTrue(left.findAny().isEmpty(), "the probe leaves nothing behind");
        }
    }

    @Test
    void theDataDirsFileSystemIsAsked() {
        DiskSpace roomy = new DiskSpace(root, 0);
        assertFalse(roomy.isLow());
        HealthCheck.Result up = roomy.call();
        assertEquals(HealthCheck.State.UP, up.getState());
        assertTrue((Long) up.getDetails().get("usable.bytes") > 0, up.getDetails().toString());

        DiskSpace short_ = new DiskSpace(root, Long.MAX_VALUE);
        assertTrue(short_.isLow());
        assertEquals(503, assertThrows(RequestRejectedException.class, short_::requireSpace).status());
        HealthCheck.Result down = short_.call();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertTrue(down.getMessage().orElseThrow().startsWith("only "), down.getMessage().orElseThrow());
    }

    /** Out of file descriptors (EMFILE), the JDK cannot read the mount table: that is not a full disk. */
    @Test
    void aFileSystemThatCannotBeAskedIsSaidSoNotReportedFull() {
        DiskSpace disk = new DiskSpace(root, 64L << 20, path -> {
            throw new FileSystemException("/proc/self/mounts", null, "Too many open files");
        });
        assertFalse(disk.isLow(), "not known to be short of space");
        disk.requireSpace();
        HealthCheck.Result result = disk.call();
        assertEquals(HealthCheck.State.UNKNOWN, result.getState());
        assertEquals("could not check the free space of " + root + ": /proc/self/mounts: Too many open files",
                result.getMessage().orElseThrow());
        assertFalse(result.getDetails().containsKey("usable.bytes"), result.getDetails().toString());
    }

    /**
     * The check runs for every webhook: the mount table is read once per path to find its file store, not per check,
     * while the store's usable space is asked each time (a disk filling up is seen at the next check).
     */
    @Test
    void theFileStoreIsLookedUpOncePerPathAndAskedForItsSpaceEachTime() throws IOException {
        FileStore real = Files.getFileStore(root);
        AtomicLong usable = new AtomicLong(1L << 30);
        FileStore store = new FileStore() {
            public String name() { return real.name(); }
            public String type() { return real.type(); }
            public boolean isReadOnly() { return false; }
            public long getTotalSpace() { return 2L << 30; }
            public long getUsableSpace() { return usable.get(); }
            public long getUnallocatedSpace() { return usable.get(); }
            public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) { return false; }
            public boolean supportsFileAttributeView(String name) { return false; }
            public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) { return null; }
            public Object getAttribute(String attribute) { return null; }
        };
        AtomicInteger lookups = new AtomicInteger();
        DiskSpace disk = new DiskSpace(root, 64L << 20, new DiskSpace.StoreSpace(path -> {
            lookups.incrementAndGet();
            return store;
        }));
        for (int i = 0; i < 1000; i++) {
            disk.requireSpace();
        }
        assertEquals(1, lookups.get(), "the mount table read once, not per check");
        usable.set(1L << 20);
        assertTrue(disk.isLow(), "the space asked at each check");
        assertThrows(RequestRejectedException.class, disk::requireSpace);
    }
}
