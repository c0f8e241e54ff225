package io.adrelay.common.storage.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a directory of request files (state/statlas/events, state/apisync/requests). */
class FileIntakeStoreTest extends IntakeStoreContract {

    @TempDir
    Path dir;

    @Override
    protected IntakeStore store() {
        return new FileIntakeStore(dir);
    }

    @Override
    protected IntakeStore reopened() {
        return new FileIntakeStore(dir);
    }

    /** The Statlas events route consumes the directory itself: the layout is part of the contract here. */
    @Test
    void aRequestIsAFileAndRetiredOnesMoveToDoneOrError() {
        IntakeStore store = store();
        store.add(FIRST, bytes("{}"));
        store.add(SECOND, bytes("{}"));
        assertTrue(Files.isRegularFile(dir.resolve(FIRST + ".json")));
        store.done(FIRST);
        store.setAside(SECOND);
        assertTrue(Files.isRegularFile(dir.resolve(".done/" + FIRST + ".json")));
        assertTrue(Files.isRegularFile(dir.resolve(".error/" + SECOND + ".json")));
        assertEquals(dir.resolve(".error/" + SECOND + ".json").toString(), store.setAsideLocation(SECOND));
    }

    @Test
    void tempFilesOfWritesInProgressAreNotPending() throws Exception {
        Files.writeString(dir.resolve("." + FIRST + ".json.42.tmp"), "{\"half");
        Files.writeString(dir.resolve(SECOND + ".json"), "{}");
        assertEquals(1, store().pendingCount());
        assertEquals(java.util.List.of(SECOND), store().pendingIds());
    }
}
