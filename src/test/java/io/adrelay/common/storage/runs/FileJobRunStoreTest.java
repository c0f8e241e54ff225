package io.adrelay.common.storage.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on state/ops/runs/, and what the files themselves must look like. */
class FileJobRunStoreTest extends JobRunStoreContract {

    @TempDir
    Path dir;

    @Override
    protected JobRunStore store(int keepPerJob) {
        return new FileJobRunStore(dir, keepPerJob);
    }

    @Override
    protected JobRunStore reopened(int keepPerJob) {
        return new FileJobRunStore(dir, keepPerJob);
    }

    @Test
    void oneFilePerKeptRunAndTheOthersFilesDeleted() throws Exception {
        JobRunStore store = store(3);
        for (int i = 1; i <= 5; i++) {
            store.save(finished("r" + i, "job", i));
        }
        assertEquals(List.of("r3.json", "r4.json", "r5.json"), files(dir.resolve("job")));
    }

    @Test
    void reloadingSkipsWhatIsNotARunAndDeletesWhatIsBeyondTheBound() throws Exception {
        JobRunStore before = store(10);
        for (int i = 1; i <= 4; i++) {
            before.save(finished("r" + i, "job", i));
        }
        Files.writeString(dir.resolve("job").resolve("garbage.json"), "{not json");
        Files.writeString(dir.resolve("job").resolve(".r9.json.123.tmp"), "half a write");

        JobRunStore after = reopened(2);
        assertEquals(4, after.load());
        assertEquals(List.of("r4", "r3"), ids(after.history("job")));
        assertFalse(Files.exists(dir.resolve("job").resolve("r1.json")));
    }

    @Test
    void aJobIdThatIsNoPlainNameStillGetsItsOwnDirectory() {
        assertEquals("bsa-pull-report-daily-stats", FileJobRunStore.directoryName("bsa-pull-report-daily-stats"));
        assertEquals("%2E%2E%2Fetc", FileJobRunStore.directoryName("../etc"));
        assertEquals("%2E%2E", FileJobRunStore.directoryName(".."));
    }

    static List<String> files(Path jobDir) throws Exception {
        try (Stream<Path> files = Files.list(jobDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
