package io.adrelay.common.storage.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a queue's directory (state/statlas/events, state/apisync/requests): its journal and retired files. */
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

    /** Pending ones are in the journal; done ones are lines of the day's done log, set-aside ones files for the operator. */
    @Test
    void aRequestIsInTheJournalAndRetiredOnesAreInTheDoneLogOrError() throws Exception {
        IntakeStore store = store();
        store.add(FIRST, bytes("{\"n\":1}"));
        store.add(SECOND, bytes("{\"n\":2}"));
        assertTrue(Files.notExists(dir.resolve(FIRST + ".json")));
        assertEquals(List.of(FIRST, SECOND), FileIntakeStore.pendingIn(dir));
        store.done(FIRST);
        store.setAside(SECOND);
        assertEquals("{\"id\":\"" + FIRST + "\",\"request\":{\"n\":1}}\n",
                Files.readString(dir.resolve(".done/" + LocalDate.now(ZoneOffset.UTC) + ".jsonl")));
        assertEquals("{\"n\":2}", Files.readString(dir.resolve(".error/" + SECOND + ".json")));
        assertEquals(dir.resolve(".error/" + SECOND + ".json").toString(), store.setAsideLocation(SECOND));
        assertEquals(List.of(), FileIntakeStore.pendingIn(dir));
    }

    /** Requests stored one file each (before the journal) are processed after an upgrade: taken into it at the first use. */
    @Test
    void requestFilesOfTheEarlierLayoutAreTakenIntoTheJournal() throws Exception {
        Files.writeString(dir.resolve(SECOND + ".json"), "{\"n\":2}");
        Files.writeString(dir.resolve(FIRST + ".json"), "{\"n\":1}");
        IntakeStore store = store();
        assertEquals(List.of(FIRST, SECOND), store.pendingIds());
        assertArrayEquals(bytes("{\"n\":1}"), store.read(FIRST));
        assertTrue(Files.notExists(dir.resolve(FIRST + ".json")), "the file goes once the journal holds it");
        store.done(FIRST);

        IntakeStore after = reopened();
        assertEquals(List.of(SECOND), after.pendingIds());
        assertArrayEquals(bytes("{\"n\":2}"), after.read(SECOND));
        assertTrue(after.isDone(FIRST));
    }

    @Test
    void tempFilesOfWritesInProgressAreNotPending() throws Exception {
        Files.writeString(dir.resolve("." + FIRST + ".json.42.tmp"), "{\"half");
        Files.writeString(dir.resolve(SECOND + ".json"), "{}");
        assertEquals(1, store().pendingCount());
        assertEquals(List.of(SECOND), store().pendingIds());
    }
}
