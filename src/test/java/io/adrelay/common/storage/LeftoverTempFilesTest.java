package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
