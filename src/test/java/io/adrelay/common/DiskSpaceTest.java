package io.adrelay.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

    @TempDir
    Path dir;

    @Test
    void theDataDirsFileSystemIsAsked() {
        DiskSpace roomy = new DiskSpace(dir, 0);
        assertFalse(roomy.isLow());
        HealthCheck.Result up = roomy.call();
        assertEquals(HealthCheck.State.UP, up.getState());
        assertTrue((Long) up.getDetails().get("usable.bytes") > 0, up.getDetails().toString());

        DiskSpace short_ = new DiskSpace(dir, Long.MAX_VALUE);
        assertTrue(short_.isLow());
        assertEquals(503, assertThrows(RequestRejectedException.class, short_::requireSpace).status());
        HealthCheck.Result down = short_.call();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertTrue(down.getMessage().orElseThrow().startsWith("only "), down.getMessage().orElseThrow());
    }

    /** Out of file descriptors (EMFILE), the JDK cannot read the mount table: that is not a full disk. */
    @Test
    void aFileSystemThatCannotBeAskedIsSaidSoNotReportedFull() {
        DiskSpace disk = new DiskSpace(dir, 64L << 20, path -> {
            throw new FileSystemException("/proc/self/mounts", null, "Too many open files");
        });
        assertFalse(disk.isLow(), "not known to be short of space");
        disk.requireSpace();
        HealthCheck.Result result = disk.call();
        assertEquals(HealthCheck.State.UNKNOWN, result.getState());
        assertEquals("could not check the free space of " + dir + ": /proc/self/mounts: Too many open files",
                result.getMessage().orElseThrow());
        assertFalse(result.getDetails().containsKey("usable.bytes"), result.getDetails().toString());
    }
}
