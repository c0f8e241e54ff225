package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of a crash's temp files runs beside the start; a stop waits for it, so none outlives a start and stop. */
class LeftoverTempFilesTest {

    @TempDir
    Path dir;

    @Test
    void aStartAndStopLeaveNoTempFileOfTheLastRun() throws Exception {
        Instant start = Instant.now();
        Path leftover = dir.resolve("inbox/statlas/B1/1/.a.png.7.tmp");
        Files.createDirectories(leftover.getParent());
        Files.writeString(leftover, "half");
        Files.setLastModifiedTime(leftover, FileTime.from(start.minusSeconds(5)));
        Path kept = dir.resolve("inbox/statlas/B1/1/a.png");
        Files.writeString(kept, "whole");

        LeftoverTempFiles sweep = new LeftoverTempFiles(new DataDirectory(dir), start);
        sweep.start();
        sweep.stop();

        assertFalse(Files.exists(leftover), "removed by the time the stop returns");
        assertTrue(Files.exists(kept));
    }

    /**
     * A run killed just after it began a write, and started again at once: its temp file is a fraction of a second
     * older than this JVM, and goes too (CrashIT met it once, with the kernel's process start as the cutoff).
     */
    @Test
    void aTempFileWrittenMomentsBeforeThisJvmStartedGoes() throws Exception {
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Path leftover = dir.resolve("state/apisync/progress/.r1.json.7.tmp");
        Files.createDirectories(leftover.getParent());
        Files.writeString(leftover, "half");
        Files.setLastModifiedTime(leftover, FileTime.from(jvmStart.minusMillis(100)));

        LeftoverTempFiles sweep = LeftoverTempFiles.ofThisJvm(new DataDirectory(dir));
        sweep.start();
        sweep.stop();

        assertFalse(Files.exists(leftover));
    }
}
