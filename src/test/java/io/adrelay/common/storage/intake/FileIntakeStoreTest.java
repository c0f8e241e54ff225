package io.adrelay.common.storage.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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

    /** Whole days of the done log are forgotten, and .done/ files of the earlier layout by their time. */
    @Test
    void forgettingDeletesTheDaysBeforeAndOldFilesOfTheEarlierLayout() throws Exception {
        Path done = Files.createDirectories(dir.resolve(".done"));
        Files.writeString(done.resolve("2026-10-01.jsonl"), "{\"id\":\"" + FIRST + "\",\"request\":{}}\n");
        Files.writeString(done.resolve("2026-10-02.jsonl"), "{\"id\":\"" + SECOND + "\",\"request\":{}}\n");
        Files.writeString(done.resolve(THIRD + ".json"), "{}");
        Files.setLastModifiedTime(done.resolve(THIRD + ".json"), FileTime.from(Instant.parse("2026-10-01T12:00:00Z")));
        IntakeStore store = store();
        assertTrue(store.isDone(FIRST) && store.isDone(SECOND) && store.isDone(THIRD));

        store.forgetDoneBefore(Instant.parse("2026-10-02T08:00:00Z"));
        assertFalse(store.isDone(FIRST), "its day is before the day of the instant");
        assertTrue(store.isDone(SECOND), "its day is the instant's: kept whole");
        assertFalse(store.isDone(THIRD), "written before the instant");
        assertEquals(List.of("2026-10-02.jsonl"), names(done));
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void tempFilesOfWritesInProgressAreNotPending() throws Exception {
        Files.writeString(dir.resolve("." + FIRST + ".json.42.tmp"), "{\"half");
        Files.writeString(dir.resolve(SECOND + ".json"), "{}");
        assertEquals(1, store().pendingCount());
        assertEquals(List.of(SECOND), store().pendingIds());
    }
}
