package io.adrelay.common.storage.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRunStore} promises, whatever keeps the runs: a subclass gives a store over fresh state, and
 * {@link #reopened} another one over the same state (what the next start of the process sees).
 */
public abstract class JobRunStoreContract {

    static final Instant T0 = Instant.parse("2026-11-20T06:15:00Z");

    /** A store over empty state, keeping {@code keepPerJob} runs of each job. */
    protected abstract JobRunStore store(int keepPerJob);

    /** A new store over the state the last {@link #store} or {@link #reopened} wrote, not loaded yet. */
    protected abstract JobRunStore reopened(int keepPerJob);

    @Test
    void historyIsNewestFirstWhateverTheOrderRunsAreSavedIn() {
        JobRunStore store = store(10);
        store.save(finished("b", "job", 2));
        store.save(finished("a", "job", 1));
        store.save(finished("c", "job", 3));
        store.save(finished("x", "other", 5));

        assertEquals(List.of("c", "b", "a"), ids(store.history("job")));
        assertEquals(List.of("x", "c", "b", "a"), ids(store.all()));
        assertEquals(List.of(), store.history("never-ran"));
        assertEquals(Set.of("job", "other"), store.jobs());
    }

    @Test
    void aRunSavedAgainIsUpdatedNotAddedTwice() {
        JobRunStore store = store(10);
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
    void keepsTheNewestRunsOfEachJob() {
        JobRunStore store = store(3);
        for (int i = 1; i <= 5; i++) {
            store.save(finished("r" + i, "job", i));
        }
        store.save(finished("o1", "other", 1));

        assertEquals(List.of("r5", "r4", "r3"), ids(store.history("job")));
        assertTrue(store.find("r1").isEmpty(), "a run beyond the bound is forgotten");
        assertEquals(List.of("o1"), ids(store.history("other")), "the bound is per job");
        JobRunStore next = reopened(3);
        next.load();
        assertEquals(List.of("r5", "r4", "r3"), ids(next.history("job")), "forgotten for good");
    }

    @Test
    void aRemovedRunIsGoneAfterARestartToo() {
        JobRunStore store = store(10);
        store.save(finished("r1", "job", 1));
        JobRun never = running("r2", "job", 2);
        store.save(never);
        store.remove(never);
        assertEquals(List.of("r1"), ids(store.history("job")));

        JobRunStore next = reopened(10);
        assertEquals(1, next.load());
        assertTrue(next.find("r2").isEmpty());
    }

    @Test
    void theHistorySurvivesARestartAndARunCutShortIsRecordedAsInterrupted() {
        JobRunStore before = store(10);
        before.save(finished("r1", "job", 1));
        before.save(new JobRun("r2", "job", JobRun.Trigger.SCHEDULED, JobRun.Status.FAILED, T0.plusSeconds(2), T0.plusSeconds(3),
                Map.of(), null, "failed: boom", List.of("20261120T061503Z-bsa-pull-report-day-1a2b3c4d"), 2));
        before.save(running("r3", "job", 4));

        JobRunStore after = reopened(10);
        assertEquals(3, after.load());
        List<JobRun> history = after.history("job");
        assertEquals(List.of("r3", "r2", "r1"), ids(history));
        assertEquals(JobRun.Status.FAILED, history.get(0).status());
        assertTrue(history.get(0).summary().startsWith("failed: interrupted"), history.get(0).summary());
        assertTrue(history.get(0).finishedAt() != null);
        // as written, but for the node a shared history adds
        assertEquals(before.history("job").get(1).on(null), history.get(1).on(null), "a finished run reads back as it was written");
        assertEquals(T0.plusSeconds(1), after.lastSuccess("job").orElseThrow());

        JobRunStore third = reopened(10);
        third.load();
        assertEquals(JobRun.Status.FAILED, third.find("r3").orElseThrow().status(), "the correction was written");
    }

    @Test
    void reloadingWithASmallerBoundKeepsOnlyTheNewest() {
        JobRunStore before = store(10);
        for (int i = 1; i <= 4; i++) {
            before.save(finished("r" + i, "job", i));
        }
        JobRunStore after = reopened(2);
        after.load();
        assertEquals(List.of("r4", "r3"), ids(after.history("job")));
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
}
