package io.adrelay.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the minimum free space at 0 (the guard off), a write refused for lack of space still makes the
 * data dir short of space (health DOWN, intake and calls wait) until a write succeeds again. A real
 * full disk is DiskFullIT's; here the file system's words for it are handed over directly.
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
}
