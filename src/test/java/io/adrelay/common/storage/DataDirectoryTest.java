package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way files are written: whole or not at all, no temp file left behind, leftovers of a crash removed at start. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheTargetWholeAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("state/x.json");
        DataDirectory.writeAtomically(target, "one".getBytes());
        DataDirectory.writeAtomically(target, "two".getBytes());
        assertEquals("two", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void aFailedWriteIsAStorageFailureAndLeavesNoTempFile() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        StorageException e = assertThrows(StorageException.class,
                () -> DataDirectory.writeAtomically(blocked.resolve("x.json"), "x".getBytes()));
        assertTrue(e.getMessage().startsWith("Cannot write"), e.getMessage());
        // a target that is a directory: the temp file is written, the rename fails, and the temp file is removed
        Files.createDirectories(dir.resolve("d/x.json/inside"));
        assertThrows(StorageException.class, () -> DataDirectory.writeAtomically(dir.resolve("d/x.json"), "x".getBytes()));
        assertEquals(1, count(dir.resolve("d")), "only the directory that was in the way");
    }

    @Test
    void leftoverTempFilesOfACrashAreRemovedAtStart() throws Exception {
        Files.createDirectories(dir.resolve("state/apisync/requests"));
        Files.writeString(dir.resolve("state/apisync/requests/.abc.json.123.tmp"), "{\"half");
        Files.writeString(dir.resolve("state/apisync/requests/abc.json"), "{}");
        Files.writeString(dir.resolve(".x.tmp"), "");
        assertEquals(2, new DataDirectory(dir).removeLeftoverTempFiles(Instant.now().plusSeconds(1)));
        assertTrue(Files.exists(dir.resolve("state/apisync/requests/abc.json")));
        assertFalse(Files.exists(dir.resolve("state/apisync/requests/.abc.json.123.tmp")));
    }

    @Test
    void aTempFileWrittenSinceTheStartIsAWriteGoingOnAndStays() throws Exception {
        Path old = dir.resolve("state/statlas/events/.a.json.1.tmp");
        Path going = dir.resolve("state/statlas/events/.b.json.2.tmp");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "{\"half");
        Files.writeString(going, "{\"half");
        Instant start = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(old, FileTime.from(start.minusSeconds(1)));
        Files.setLastModifiedTime(going, FileTime.from(start.plusSeconds(1)));
        assertEquals(1, new DataDirectory(dir).removeLeftoverTempFiles(start));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(going), "the write going on keeps its temp file");
    }

    @Test
    void aDurableMoveCreatesItsDirectory() throws Exception {
        Path from = dir.resolve("a.json");
        Files.writeString(from, "{}");
        DataDirectory.moveDurably(from, dir.resolve(".done/a.json"));
        assertTrue(Files.exists(dir.resolve(".done/a.json")));
        assertFalse(Files.exists(from));
    }

    @Test
    void aStreamedFileIsSyncedOnCloseAndMayBeClosedTwice() throws Exception {
        Path report = dir.resolve("reports/r.csv");
        DataDirectory.DurableOutput out = DataDirectory.durableOutput(report);
        out.write("line\n".getBytes());
        out.close();
        out.close();
        assertEquals("line\n", Files.readString(report));
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
