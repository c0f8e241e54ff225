package io.adrelay.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.storage.StorageException;
import io.adrelay.common.storage.runs.JobRun;
import io.adrelay.common.storage.runs.JobRunStore;
import io.adrelay.common.storage.runs.FileJobRunStore;

class JobRunsTest {

    static final CamelContext CAMEL = new DefaultCamelContext();

    @TempDir
    Path dir;

    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    JobRuns runs;

    JobRuns runs() {
        if (runs == null) {
            runs = new JobRuns(new FileJobRunStore(dir, 10), () -> meters, Clock.systemUTC());
        }
        return runs;
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aSecondRunOfAJobGoingIsRefusedWith409NamingTheFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RunningJob first = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());
        CompletableFuture<JobRun> finished = first.finished();
        // as a firing of the job does on its Quartz thread (ScheduledRunPolicy)
        executor.execute(() -> runs().runHere(first, run -> {
            release.await(10, TimeUnit.SECONDS);
            return outcome("ok");
        }));

        JobAlreadyRunningException busy = assertThrows(JobAlreadyRunningException.class,
                () -> runs().begin("job", JobRun.Trigger.MANUAL, Map.of("from", "2026-11-01")));
        assertEquals(409, busy.status());
        assertEquals(Map.of("run_id", first.runId()), busy.details());
        assertSame(first, runs().running("job").orElseThrow());
        assertEquals(1.0, meters.get("adrelay.job.running").tag("job", "job").gauge().value());
        runs().begin("another-job", JobRun.Trigger.MANUAL, Map.of());

        release.countDown();
        JobRun done = finished.get(10, TimeUnit.SECONDS);
        assertEquals(JobRun.Status.SUCCEEDED, done.status());
        assertTrue(runs().running("job").isEmpty(), "free again once the run ended");
        RunningJob next = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());
        assertTrue(!next.runId().equals(first.runId()));
    }

    @Test
    void aScheduledFiringWhileTheJobRunsIsSkippedAndCountedOnTheRunGoing() {
        RunningJob manual = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());

        assertEquals(Optional.empty(), runs().beginScheduled("job", JobRun.Trigger.SCHEDULED));
        assertEquals(Optional.empty(), runs().beginScheduled("job", JobRun.Trigger.SCHEDULED));

        JobRun now = runs().find(manual.runId()).orElseThrow();
        assertEquals(2, now.skippedFirings());
        assertEquals(List.of(manual.runId()), runs().history("job").stream().map(JobRun::runId).toList(), "no run for a skipped firing");
        assertEquals(2.0, meters.get("adrelay.job.runs").tags("job", "job", "outcome", "skipped").counter().count());

        runs().runHere(manual, run -> outcome("ok"));
        RunningJob scheduled = runs().beginScheduled("job", JobRun.Trigger.SCHEDULED).orElseThrow();
        assertEquals(JobRun.Trigger.SCHEDULED, scheduled.trigger());
    }

    @Test
    void theOutcomeIsTheFlowsLineAndTheRunFailsOnAnExceptionOrADeadLetter() {
        JobRun ok = runs().runHere(runs().begin("job", JobRun.Trigger.MANUAL, Map.of()), run -> outcome("pulled [2026-11-20]"));
        assertEquals(JobRun.Status.SUCCEEDED, ok.status());
        assertEquals("pulled [2026-11-20]", ok.summary());

        JobRun thrown = runs().runHere(runs().begin("job", JobRun.Trigger.MANUAL, Map.of()), run -> {
            Exchange exchange = outcome(null);
            exchange.setException(new IllegalStateException("boom"));
            return exchange;
        });
        assertEquals(JobRun.Status.FAILED, thrown.status());
        assertEquals("failed: boom", thrown.summary());

        JobRun lettered = runs().runHere(runs().begin("job", JobRun.Trigger.MANUAL, Map.of()), run -> {
            // as the http-api error handler does for an exchange the run sent
            RunningJob.current().orElseThrow().deadLettered("letter-1");
            return outcome("pulled [], skipped [], failed [2026-11-20]");
        });
        assertEquals(JobRun.Status.FAILED, lettered.status());
        assertEquals(List.of("letter-1"), lettered.deadLetters());
        assertEquals(Optional.empty(), RunningJob.current(), "the run is no longer this thread's once it ended");

        assertEquals(1.0, meters.get("adrelay.job.runs").tags("job", "job", "outcome", "succeeded").counter().count());
        assertEquals(2.0, meters.get("adrelay.job.runs").tags("job", "job", "outcome", "failed").counter().count());
        assertEquals(ok.finishedAt().toEpochMilli() / 1000.0,
                meters.get("adrelay.job.last.success.timestamp.seconds").tag("job", "job").gauge().value());
        assertEquals(0.0, meters.get("adrelay.job.running").tag("job", "job").gauge().value());
        assertEquals(lettered.runId(), runs().lastFinished("job").orElseThrow().runId());
    }

    @Test
    void workThatThrowsEndsTheRunFailedAndFreesTheJob() {
        JobRun failed = runs().runHere(runs().begin("job", JobRun.Trigger.MANUAL, Map.of()), run -> {
            throw new IllegalArgumentException("no consumer");
        });
        assertEquals(JobRun.Status.FAILED, failed.status());
        assertEquals("failed: no consumer", failed.summary());
        assertTrue(runs().running("job").isEmpty());
    }

    @Test
    void aCatchUpWaitsForTheRunGoingThenRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RunningJob manual = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());
        executor.execute(() -> runs().runHere(manual, run -> {
            release.await(10, TimeUnit.SECONDS);
            return outcome("ok");
        }));
        CompletableFuture<JobRun> catchUp = CompletableFuture.supplyAsync(() ->
                runs().runHere(runs().beginWhenIdle("job", JobRun.Trigger.CATCH_UP, Map.of("from", "2026-11-18")),
                        run -> outcome("pulled [2026-11-18]")),
                executor);

        release.countDown();
        JobRun done = catchUp.get(10, TimeUnit.SECONDS);
        assertEquals(JobRun.Trigger.CATCH_UP, done.trigger());
        assertEquals(JobRun.Status.SUCCEEDED, done.status());
        assertEquals(List.of(done.runId(), manual.runId()), runs().history("job").stream().map(JobRun::runId).toList());
    }

    /**
     * The steps of a catch-up route (bean catchUpRuns): begin makes the exchange a run of the job with the run's headers,
     * once the run going has ended; a failure its route did not handle (the doCatch) ends it failed; end frees the job.
     */
    @Test
    void aCatchUpRunAsRouteStepsWaitsRecordsItsFailureAndFreesTheJob() throws Exception {
        CatchUpRuns steps = new CatchUpRuns(runs());
        RunningJob manual = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody(new CatchUp("job", Map.of("from", "2026-11-18"), Map.of(Flow.JOB_FROM, "2026-11-18")));
        CompletableFuture<Void> begun = CompletableFuture.runAsync(() -> steps.begin(exchange), executor);
        // still waiting a while later: it does not begin beside the run going
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !begun.isDone());

        runs().runHere(manual, run -> outcome("ok"));
        begun.get(10, TimeUnit.SECONDS);
        RunningJob catchUp = exchange.getProperty(RunningJob.PROPERTY, RunningJob.class);
        assertEquals(JobRun.Trigger.CATCH_UP, catchUp.trigger());
        assertEquals("2026-11-18", exchange.getIn().getHeader(Flow.JOB_FROM));

        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("the report is gone"));
        steps.failed(exchange);
        steps.end(exchange);
        JobRun done = catchUp.finished().get(10, TimeUnit.SECONDS);
        assertEquals(JobRun.Status.FAILED, done.status());
        assertEquals("failed: the report is gone", done.summary());
        assertEquals(Map.of("from", "2026-11-18"), done.parameters());
        assertTrue(runs().running("job").isEmpty(), "free again once the catch-up ended");
    }

    @Test
    void aRunGoingShowsItsProgressAndIsOnDiskFromItsStart() {
        RunningJob run = runs().begin("job", JobRun.Trigger.MANUAL, Map.of("from", "2026-11-01", "to", "2026-11-03"));
        run.progress(2, 3L, "days");
        JobRun now = runs().find(run.runId()).orElseThrow();
        assertEquals(JobRun.Status.RUNNING, now.status());
        assertEquals(new JobRun.Progress(2, 3L, "days"), now.progress());
        assertEquals("2/3 days", now.summary());
        assertEquals(now, runs().history("job").get(0));

        JobRunStore store = new FileJobRunStore(dir, 10);
        store.load();
        assertEquals(JobRun.Status.FAILED, store.find(run.runId()).orElseThrow().status(), "a run cut short by a restart");
    }

    @Test
    void aRunWhoseStartCannotBeWrittenDoesNotStart() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("runs"), "a file where the history should be");
        JobRuns onAFullDisk = new JobRuns(new FileJobRunStore(notADirectory, 10), () -> meters, Clock.systemUTC());

        assertThrows(StorageException.class, () -> onAFullDisk.begin("job", JobRun.Trigger.MANUAL, Map.of()));
        assertEquals(List.of(), onAFullDisk.history("job"), "no run that never ran");
        assertTrue(onAFullDisk.running("job").isEmpty(), "the job is free");
    }

    @Test
    void aRunTheStopCutsShortIsRecordedInterruptedAtOnceAndStaysSo() throws Exception {
        RunningJob run = runs().begin("job", JobRun.Trigger.MANUAL, Map.of());
        run.progress(2, 11L, "days");

        runs().stopping(java.time.Duration.ofSeconds(8));
        assertEquals(List.of(run.runId()), runs().interruptAll().stream().map(JobRun::runId).toList());
        JobRun onDisk = JobRun.fromJson(Json.MAPPER.readTree(dir.resolve("job").resolve(run.runId() + ".json").toFile()));
        assertEquals(JobRun.Status.FAILED, onDisk.status());
        assertTrue(onDisk.summary().startsWith("failed: interrupted, adrelay stopped while it ran"), onDisk.summary());
        assertTrue(onDisk.finishedAt() != null);
        assertEquals(new JobRun.Progress(2, 11L, "days"), onDisk.progress());
        assertTrue(runs().running("job").isEmpty());
        assertEquals(1.0, meters.get("adrelay.job.runs").tag("job", "job").tag("outcome", "interrupted").counter().count());

        // the run's own thread ends later, or never: what is recorded stays
        JobRun late = runs().finish(run, outcome("ok"));
        assertEquals(onDisk, late);
        assertEquals(onDisk, JobRun.fromJson(Json.MAPPER.readTree(dir.resolve("job").resolve(run.runId() + ".json").toFile())));
        assertEquals(List.of(onDisk), runs().history("job"));
    }

    @Test
    void aRunThatFailsBecauseOfTheStopIsInterruptedNotFailed() throws Exception {
        RunningJob run = runs().begin("job", JobRun.Trigger.SCHEDULED, Map.of());
        runs().stopping(java.time.Duration.ofSeconds(8));
        Exchange cut = outcome(null);
        cut.setException(new java.util.concurrent.RejectedExecutionException("Run is not allowed"));
        JobRun done = runs().finish(run, cut);
        assertEquals(JobRun.Status.FAILED, done.status());
        assertTrue(done.summary().startsWith("failed: interrupted"), done.summary());
        assertTrue(runs().interruptAll().isEmpty(), "nothing left to cut short");
    }

    static Exchange outcome(String line) {
        Exchange exchange = new DefaultExchange(CAMEL);
        if (line != null) {
            exchange.setProperty(Flow.OUTCOME, line);
        }
        return exchange;
    }
}
