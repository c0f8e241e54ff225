package io.adrelay.common.storage.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.adrelay.common.database.QuartzNodesGone;
import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run-history contract on adrelay_job_runs of a real PostgreSQL ("reopened" is the same node started again), and
 * what only a shared store does: one running run per job across the nodes, and a node's start leaves the others'
 * running runs alone.
 */
class JobRunStorePostgresIT extends JobRunStoreContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_job_runs");

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
        // and the node that ran it
        assertEquals(run.on("node-a"), reopened(10).find("r1").orElseThrow());
    }

    /**
     * A node that died and never came back leaves its run "running": the node that runs the job next closes it as failed,
     * "node <name> stopped", and its own run goes on; a node that is not gone keeps its run, and a node never takes over
     * its own.
     */
    @Test
    void aRunOfANodeThatIsGoneIsTakenOverByTheNextRunOfItsJob() {
        new PostgresJobRunStore(db.dataSource(), "node-dead", 10).save(running("r1", "job", 1));
        JobRunStore alive = new PostgresJobRunStore(db.dataSource(), "node-b", 10, (node, since) -> node.equals("node-alive"));
        JobRunStore sees = new PostgresJobRunStore(db.dataSource(), "node-b", 10, (node, since) -> node.equals("node-dead"));

        RunRefusedException refused = assertThrows(RunRefusedException.class, () -> alive.save(running("r2", "job", 2)),
                "node-dead is not gone to this one");
        assertEquals("node-dead", refused.runningNode());
        assertEquals(T0.plusSeconds(1), refused.runningStartedAt());

        sees.save(running("r2", "job", 2));
        JobRun closed = sees.find("r1").orElseThrow();
        assertEquals(JobRun.Status.FAILED, closed.status());
        assertTrue(closed.summary().startsWith("failed: node node-dead stopped"), closed.summary());
        assertEquals("node-dead", closed.node(), "the run stays that node's");
        assertEquals(JobRun.Status.RUNNING, sees.find("r2").orElseThrow().status());
        assertEquals("node-b", sees.find("r2").orElseThrow().node());

        JobRunStore self = new PostgresJobRunStore(db.dataSource(), "node-b", 10, (node, since) -> true);
        assertThrows(RunRefusedException.class, () -> self.save(running("r3", "job", 3)), "a node's own run is never taken over");
    }

    /**
     * What Quartz's table says of a node: present (checked in lately, or silent but not yet recovered by Quartz), alive;
     * absent (Quartz recovered it and deleted its row) for work older than the check-in interval and margin, gone.
     */
    @Test
    void aNodeIsGoneOnceQuartzHasNotSeenItForLongerThanTheClusterAllows() throws Exception {
        db.empty("qrtz_scheduler_state");
        try (Connection connection = db.dataSource().getConnection(); Statement insert = connection.createStatement()) {
            long now = System.currentTimeMillis();
            insert.execute("INSERT INTO qrtz_scheduler_state VALUES ('adrelay', 'fresh', " + now + ", 2000), ('adrelay', 'silent', "
                    + (now - 20_000) + ", 2000)");
        }
        QuartzNodesGone nodes = new QuartzNodesGone(db.dataSource(), 2000);
        Instant longAgo = Instant.now().minusSeconds(60);
        assertFalse(nodes.gone("fresh", longAgo));
        assertFalse(nodes.gone("silent", longAgo), "Quartz has not given it up yet");
        assertTrue(nodes.gone("absent", longAgo), "recovered by Quartz, so its row is gone");
        assertFalse(nodes.gone("absent", Instant.now()), "just started, not checked in yet");
    }
}
