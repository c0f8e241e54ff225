package io.adrelay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.adrelay.common.storage.StoreDatabase;
import io.adrelay.common.storage.runs.JobRun;
import io.adrelay.common.storage.runs.PostgresJobRunStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes' JobRuns on one real PostgreSQL history (the cluster profile): a run of a job going on one node is the 409
 * of the other (the same JSON as on one node, naming that run), and its scheduled firing there is skipped; a catch-up
 * waits for it; its end frees the job for both. A firing Quartz recovered from a node that died waits until that node's
 * run is taken over, rather than being skipped.
 */
class JobRunsPostgresIT {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_job_runs");

    static JobRuns node(String name) {
        return new JobRuns(new PostgresJobRunStore(db.dataSource(), name, 10), SimpleMeterRegistry::new, Clock.systemUTC());
    }

    @Test
    void aRunGoingOnOneNodeIsThe409OfAnotherUntilItEnds() throws Exception {
        JobRuns a = node("node-a");
        JobRuns b = node("node-b");
        RunningJob first = a.begin("job", JobRun.Trigger.MANUAL, Map.of());

        JobAlreadyRunningException busy = assertThrows(JobAlreadyRunningException.class, () -> b.begin("job", JobRun.Trigger.MANUAL, Map.of()));
        assertEquals(409, busy.status());
        assertEquals(Map.of("run_id", first.runId()), busy.details());
        assertTrue(busy.getMessage().contains("on node node-a"), busy.getMessage());
        assertEquals(Optional.empty(), b.beginScheduled("job", JobRun.Trigger.SCHEDULED), "the firing on the other node is skipped");
        assertEquals(first.runId(), b.runningAnywhere("job").orElseThrow().runId(), "the other node's /ops/jobs shows it");
        assertEquals("node-a", b.find(first.runId()).orElseThrow().node());

        // a catch-up on the other node waits for it, then runs
        CompletableFuture<JobRun> catchUp = CompletableFuture.supplyAsync(() ->
                b.runHere(b.beginWhenIdle("job", JobRun.Trigger.CATCH_UP, Map.of()), run -> JobRunsTest.outcome("caught up")));
        a.runHere(first, run -> JobRunsTest.outcome("ok"));
        JobRun caughtUp = catchUp.get(20, TimeUnit.SECONDS);
        assertEquals(JobRun.Status.SUCCEEDED, caughtUp.status());
        assertEquals("node-b", a.find(caughtUp.runId()).orElseThrow().node());
        assertTrue(a.runningAnywhere("job").isEmpty());
    }

    /**
     * Quartz recovers a dead node's firing once it has given the node up, but the run store takes a run over only once
     * it is older than the cluster's check-in allowance (a node just started has not checked in yet): a run begun just
     * before its node died still holds the job when the recovered firing comes. That firing waits; skipped, the dead
     * run's work would wait for the job's next tick.
     */
    @Test
    void aFiringRecoveredFromANodeThatDiedWaitsUntilItsRunIsTakenOver() throws Exception {
        AtomicBoolean deadNodeGone = new AtomicBoolean();
        JobRuns a = node("node-a");
        JobRuns b = new JobRuns(new PostgresJobRunStore(db.dataSource(), "node-b", 10, (node, since) -> deadNodeGone.get()),
                SimpleMeterRegistry::new, Clock.systemUTC());
        RunningJob dead = a.begin("job", JobRun.Trigger.SCHEDULED, Map.of());

        CompletableFuture<Optional<RunningJob>> recovered = CompletableFuture.supplyAsync(() -> b.beginScheduled("job", JobRun.Trigger.RECOVERED));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !recovered.isDone());
        assertEquals(Optional.empty(), b.beginScheduled("job", JobRun.Trigger.SCHEDULED), "a firing of the schedule is skipped meanwhile");

        deadNodeGone.set(true);
        RunningJob run = recovered.get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(JobRun.Trigger.RECOVERED, run.trigger());
        assertEquals(JobRun.Status.FAILED, b.find(dead.runId()).orElseThrow().status(), "the dead node's run closed as failed");
        b.runHere(run, r -> JobRunsTest.outcome("recovered"));
        assertTrue(b.runningAnywhere("job").isEmpty());
    }
}
