package io.adrelay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunStoreTest {

    static final Instant T0 = Instant.parse("2026-11-20T06:15:00Z");

    @TempDir
    Path dir;

    @Test
    void historyIsNewestFirstWhateverTheOrderRunsAreSavedIn() {
        JobRunStore store = new JobRunStore(dir, 10);
        store.save(finished("b", "job", 2));
        store.save(finished("a", "job", 1));
        store.save(finished("c", "job", 3));
        store.save(finished("x", "other", 5));

        assertEquals(List.of("c", "b", "a"), ids(store.history("job")));
        assertEquals(List.of("x", "c", "b", "a"), ids(store.all()));
        assertEquals(List.of(), store.history("never-ran"));
    }

    @Test
    void aRunSavedAgainIsUpdatedNotAddedTwice() {
        JobRunStore store = new JobRunStore(dir, 10);
        JobRun started = running("r1", "job", 1);
        store.save(started);
        store.save(new JobRun("r1", "job", JobRun.Trigger.MANUAL, JobRun.Status.SUCCEEDED, started.startedAt(),
                started.startedAt().plusSeconds(5), Map.of("from", "2026-11-01"), new JobRun.Progress(3, 3L, "days"), "ok",
                List.of(), 0));

        assertEquals(1, store.history("job").size());
        JobRun kept = store.find("r1").orElseThrow();
        assertEquals(JobRun.Status.SUCCEEDED, kept.status());
        assertEquals(new JobRun.Progress(3, 3L, "days"), kept.progress());
        assertEquals(Map.of("from", "2026-11-01"), kept.parameters());
    }

    @Test
    void keepsTheNewestNRunsOfEachJobAndDeletesTheOthersFiles() throws Exception {
        JobRunStore store = new JobRunStore(dir, 3);
        for (int i = 1; i <= 5; i++) {
            store.save(finished("r" + i, "job", i));
        }
        store.save(finished("o1", "other", 1));

        assertEquals(List.of("r5", "r4", "r3"), ids(store.history("job")));
        assertEquals(List.of("r3.json", "r4.json", "r5.json"), files(dir.resolve("job")));
        assertEquals(List.of("o1"), ids(store.history("other")), "the bound is per job");
    }

    @Test
    void theHistorySurvivesARestartAndARunCutShortIsRecordedAsInterrupted() {
        JobRunStore before = new JobRunStore(dir, 10);
        before.save(finished("r1", "job", 1));
        before.save(new JobRun("r2", "job", JobRun.Trigger.SCHEDULED, JobRun.Status.FAILED, T0.plusSeconds(2), T0.plusSeconds(3),
                Map.of(), null, "failed: boom", List.of("20261120T061503Z-bsa-pull-report-day-1a2b3c4d"), 2));
        before.save(running("r3", "job", 4));

        JobRunStore after = new JobRunStore(dir, 10);
        assertEquals(3, after.load());
        List<JobRun> history = after.history("job");
        assertEquals(List.of("r3", "r2", "r1"), ids(history));
        assertEquals(JobRun.Status.FAILED, history.get(0).status());
        assertTrue(history.get(0).summary().startsWith("failed: interrupted"), history.get(0).summary());
        assertTrue(history.get(0).finishedAt() != null);
        assertEquals(before.history("job").get(1), history.get(1), "a finished run reads back as it was written");
        assertEquals(T0.plusSeconds(1), after.lastSuccess("job").orElseThrow());

        JobRunStore third = new JobRunStore(dir, 10);
        third.load();
        assertEquals(JobRun.Status.FAILED, third.find("r3").orElseThrow().status(), "the correction was written");
    }

    @Test
    void reloadingKeepsTheBoundAndSkipsWhatIsNotARun() throws Exception {
        JobRunStore before = new JobRunStore(dir, 10);
        for (int i = 1; i <= 4; i++) {
            before.save(finished("r" + i, "job", i));
        }
        Files.writeString(dir.resolve("job").resolve("garbage.json"), "{not json");
        Files.writeString(dir.resolve("job").resolve(".r9.json.123.tmp"), "half a write");

        JobRunStore after = new JobRunStore(dir, 2);
        assertEquals(4, after.load());
        assertEquals(List.of("r4", "r3"), ids(after.history("job")));
        assertFalse(Files.exists(dir.resolve("job").resolve("r1.json")));
    }

    @Test
    void aJobIdThatIsNoPlainNameStillGetsItsOwnDirectory() {
        assertEquals("bsa-pull-report-daily-stats", JobRunStore.directoryName("bsa-pull-report-daily-stats"));
        assertEquals("%2E%2E%2Fetc", JobRunStore.directoryName("../etc"));
        assertEquals("%2E%2E", JobRunStore.directoryName(".."));
    }

    static JobRun finished(String id, String job, int second) {
        return new JobRun(id, job, JobRun.Trigger.MANUAL, JobRun.Status.SUCCEEDED, T0.plusSeconds(second - 1L), T0.plusSeconds(second),
                Map.of(), null, "ok", List.of(), 0);
    }

    static JobRun running(String id, String job, int second) {
        return new JobRun(id, job, JobRun.Trigger.MANUAL, JobRun.Status.RUNNING, T0.plusSeconds(second), null, Map.of(),
                new JobRun.Progress(1, null, "polls"), "1 polls", List.of(), 0);
    }

    static List<String> ids(List<JobRun> runs) {
        return runs.stream().map(JobRun::runId).toList();
    }

    static List<String> files(Path jobDir) throws Exception {
        try (Stream<Path> files = Files.list(jobDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
