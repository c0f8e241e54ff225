package io.adrelay.common.storage.runs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The job-run history (ops/JobRuns keeps it): each run as it started and as it ended, the newest runs of each
 * job kept, older ones forgotten. A run found still running when the history is loaded was cut short by a stop
 * of its process: it is loaded as failed, interrupted.
 */
public interface JobRunStore {

    /** Newest first; a tie on the start time goes to the later id. */
    Comparator<JobRun> NEWEST_FIRST = Comparator.comparing(JobRun::startedAt).thenComparing(JobRun::runId).reversed();

    /** Reads what earlier processes left; returns how many runs it found. */
    int load();

    /**
     * Keeps the run (new, or an update of one already kept) and forgets the job's runs beyond those kept; a
     * {@link io.adrelay.common.storage.StorageException} means it is kept in memory only, and this process's
     * answers stay right.
     */
    void save(JobRun run);

    /** Forgets a run that never started after all (its start could not be written). */
    void remove(JobRun run);

    /** The job's runs, newest first. */
    List<JobRun> history(String job);

    /** Every job's runs, newest first. */
    List<JobRun> all();

    Optional<JobRun> find(String runId);

    /** The time the newest run of the job ended successfully, if any did. */
    Optional<Instant> lastSuccess(String job);

    /** Jobs that have a history. */
    Set<String> jobs();
}
