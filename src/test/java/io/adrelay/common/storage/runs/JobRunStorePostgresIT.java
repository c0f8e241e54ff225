package io.adrelay.common.storage.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run-history contract on adrelay_job_runs of a real PostgreSQL ("reopened" is the same node started again), and
 * what only a shared store does: one running run per job across the nodes, and a node's start leaves the others'
 * running runs alone.
 */
class JobRunStorePostgresIT extends JobRunStoreContract {

    private static StoreDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = StoreDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyRuns() {
        db.empty("adrelay_job_runs");
    }

    @Override
    protected JobRunStore store(int keepPerJob) {
        return new PostgresJobRunStore(db.dataSource(), "node-a", keepPerJob);
    }

    @Override
    protected JobRunStore reopened(int keepPerJob) {
        return new PostgresJobRunStore(db.dataSource(), "node-a", keepPerJob);
    }

    @Test
    void aSecondRunningRunOfAJobIsRefusedOnAnyNodeUntilTheFirstEnds() {
        JobRunStore a = store(10);
        JobRunStore b = new PostgresJobRunStore(db.dataSource(), "node-b", 10);
        a.save(running("r1", "bsa-pull-report-daily-stats", 1));

        RunRefusedException refused = assertThrows(RunRefusedException.class, () -> b.save(running("r2", "bsa-pull-report-daily-stats", 2)));
        assertEquals("r1", refused.runningRunId());
        assertEquals("node-a", refused.runningNode());
        assertTrue(b.find("r2").isEmpty(), "the refused run is not kept");
        assertThrows(RunRefusedException.class, () -> a.save(running("r3", "bsa-pull-report-daily-stats", 3)), "the same node too");
        b.save(running("o1", "snap-upload-feed-catalog", 2));

        a.save(finished("r1", "bsa-pull-report-daily-stats", 4));
        b.save(running("r2", "bsa-pull-report-daily-stats", 5));
        assertEquals(List.of("r2", "r1"), ids(a.history("bsa-pull-report-daily-stats")), "each node sees every node's runs");
        assertEquals(JobRun.Status.RUNNING, a.find("r2").orElseThrow().status());
    }

    @Test
    void aNodesStartInterruptsOnlyItsOwnRunsThatWereCutShort() {
        store(10).save(running("mine", "job-a", 1));
        new PostgresJobRunStore(db.dataSource(), "node-b", 10).save(running("theirs", "job-b", 1));

        JobRunStore restarted = reopened(10);
        assertEquals(2, restarted.load());
        assertEquals(JobRun.Status.FAILED, restarted.find("mine").orElseThrow().status());
        assertEquals(JobRun.Status.RUNNING, restarted.find("theirs").orElseThrow().status(), "node-b still runs it");
    }

    @Test
    void skippedFiringsAndParametersReadBackAsWritten() {
        JobRun run = new JobRun("r1", "job", JobRun.Trigger.RECOVERED, JobRun.Status.SUCCEEDED, T0, T0.plusMillis(1500),
                Map.of("from", "2026-11-01", "to", "2026-11-03", "force", true), new JobRun.Progress(3, 3L, "days"), "3 days",
                List.of("dl-1", "dl-2"), 4);
        store(10).save(run);
        assertEquals(run, reopened(10).find("r1").orElseThrow());
    }
}
