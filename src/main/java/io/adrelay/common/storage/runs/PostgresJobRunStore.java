package io.adrelay.common.storage.runs;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.NodesGone;
import io.adrelay.common.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster profile's run history: table adrelay_job_runs, every node's runs, read from the table on each
 * question (no copy in memory), so /ops/runs answers the same from every node. Its partial unique index allows one
 * running run per job across the nodes: a second one is refused with {@link RunRefusedException} naming the holder.
 * Loading at start records as interrupted only this node's runs still running (its own earlier process was cut
 * short); another node's running run is that node's to end, unless that node is gone ({@link NodesGone}: a node that
 * died and did not come back under its name): then the run is closed as failed, "node &lt;name&gt; stopped", by the
 * node that wants to run the job, and the new run goes on. So the node's name must outlive its process (a pod's
 * name, ADRELAY_NODE_NAME).
 */
public final class PostgresJobRunStore implements JobRunStore {

    private static final String ONE_RUNNING = "adrelay_job_runs_one_running";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS =
            "run_id, job, trigger, status, started_at, finished_at, parameters, progress, summary, dead_letters, skipped_firings, node";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresJobRunStore.class);

    private final DataSource dataSource;
    private final String node;
    private final int keepPerJob;
    private final NodesGone nodesGone;

    /** {@code node}: this node's name, the same across its restarts (its runs left running are its own to end). */
    public PostgresJobRunStore(DataSource dataSource, String node, int keepPerJob) {
        this(dataSource, node, keepPerJob, NodesGone.NONE);
    }

    /** With the cluster's word on which nodes are gone: their running runs are taken over. */
    public PostgresJobRunStore(DataSource dataSource, String node, int keepPerJob, NodesGone nodesGone) {
        this.dataSource = dataSource;
        this.node = node;
        this.keepPerJob = Math.max(1, keepPerJob);
        this.nodesGone = nodesGone;
    }

    @Override
    public int load() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<JobRun> cutShort = select(connection, "SELECT " + COLUMNS + " FROM adrelay_job_runs WHERE status = 'running' AND node = ? FOR UPDATE",
                    node);
            Instant now = Instant.now();
            for (JobRun run : cutShort) {
                upsert(connection, run.interrupted(now));
            }
            for (String job : jobs(connection)) {
                prune(connection, job);
            }
            int found;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM adrelay_job_runs");
                    ResultSet row = count.executeQuery()) {
                row.next();
                found = row.getInt(1);
            }
            connection.commit();
            return found;
        } catch (SQLException e) {
            throw new StorageException("Cannot load the job-run history", e);
        }
    }

    @Override
    public void save(JobRun run) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            RunRefusedException refused = trySave(connection, run);
            if (refused != null && refused.runningRunId() != null && takeOver(connection, refused)) {
                refused = trySave(connection, run);
            }
            if (refused != null) {
                throw refused;
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot save run " + run.runId() + " of job " + run.job(), e);
        }
    }

    /** Saves the run, committed; or the refusal when another run holds its job (nothing saved). */
    private RunRefusedException trySave(Connection connection, JobRun run) throws SQLException {
        try {
            upsert(connection, run);
            prune(connection, run.job());
            connection.commit();
            return null;
        } catch (SQLException e) {
            connection.rollback();
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains(ONE_RUNNING)) {
                return refused(connection, run.job());
            }
            throw e;
        }
    }

    /**
     * Closes the holder's run as failed when its node is gone (died, not back under its name); whether it did. A node
     * never takes over its own run: one this process does not know was closed when it loaded the history.
     */
    private boolean takeOver(Connection connection, RunRefusedException refused) throws SQLException {
        String holder = refused.runningNode();
        if (holder == null || holder.equals(node) || !nodesGone.gone(holder, refused.runningStartedAt())) {
            return false;
        }
        try (PreparedStatement close = connection.prepareStatement("""
                UPDATE adrelay_job_runs SET status = 'failed', finished_at = now(),
                    summary = 'failed: node ' || node || ' stopped while it ran' || coalesce(' (' || summary || ')', '')
                WHERE run_id = ? AND status = 'running'""")) {
            close.setString(1, refused.runningRunId());
            int closed = close.executeUpdate();
            connection.commit();
            if (closed == 1) {
                LOG.warn("Job {}: run {} of node {} taken over, that node is gone (the run recorded as failed, node {} stopped)",
                        refused.job(), refused.runningRunId(), holder, holder);
            }
            // closed by another node meanwhile: the job is free all the same
            return true;
        }
    }

    @Override
    public void remove(JobRun run) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM adrelay_job_runs WHERE run_id = ?")) {
            delete.setString(1, run.runId());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot remove run " + run.runId() + " of job " + run.job(), e);
        }
    }

    @Override
    public List<JobRun> history(String job) {
        return query("SELECT " + COLUMNS + " FROM adrelay_job_runs WHERE job = ? ORDER BY started_at DESC, run_id DESC", job);
    }

    @Override
    public List<JobRun> all() {
        return query("SELECT " + COLUMNS + " FROM adrelay_job_runs ORDER BY started_at DESC, run_id DESC");
    }

    @Override
    public Optional<JobRun> find(String runId) {
        return query("SELECT " + COLUMNS + " FROM adrelay_job_runs WHERE run_id = ?", runId).stream().findFirst();
    }

    @Override
    public Optional<Instant> lastSuccess(String job) {
        return query("SELECT " + COLUMNS + " FROM adrelay_job_runs WHERE job = ? AND status = 'succeeded'"
                + " ORDER BY started_at DESC, run_id DESC LIMIT 1", job).stream().map(JobRun::finishedAt).findFirst();
    }

    @Override
    public Set<String> jobs() {
        try (Connection connection = dataSource.getConnection()) {
            return jobs(connection);
        } catch (SQLException e) {
            throw new StorageException("Cannot read the job-run history", e);
        }
    }

    /** Where the history is, as the start's log line names it. */
    @Override
    public String toString() {
        return "table adrelay_job_runs";
    }

    private RunRefusedException refused(Connection connection, String job) throws SQLException {
        try (PreparedStatement holder = connection.prepareStatement(
                "SELECT run_id, node, started_at FROM adrelay_job_runs WHERE job = ? AND status = 'running'")) {
            holder.setString(1, job);
            try (ResultSet row = holder.executeQuery()) {
                // the holder may have ended in between: refused all the same, the caller may try again
                return row.next() ? new RunRefusedException(job, row.getString(1), row.getString(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()) : new RunRefusedException(job, null, null);
            } finally {
                connection.rollback();
            }
        }
    }

    private void upsert(Connection connection, JobRun run) throws SQLException {
        ObjectNode json = run.toJson();
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO adrelay_job_runs (run_id, job, trigger, status, node, parameters, progress, summary, dead_letters,
                                              started_at, finished_at, skipped_firings)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET trigger = excluded.trigger, status = excluded.status, parameters = excluded.parameters,
                    progress = excluded.progress, summary = excluded.summary, dead_letters = excluded.dead_letters,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, skipped_firings = excluded.skipped_firings""")) {
            upsert.setString(1, run.runId());
            upsert.setString(2, run.job());
            upsert.setString(3, run.trigger().label());
            upsert.setString(4, run.status().label());
            upsert.setString(5, node);
            upsert.setString(6, json.get("parameters").toString());
            upsert.setString(7, json.has("progress") ? json.get("progress").toString() : null);
            upsert.setString(8, run.summary());
            upsert.setString(9, json.get("dead_letters").toString());
            upsert.setObject(10, utc(run.startedAt()));
            upsert.setObject(11, run.finishedAt() == null ? null : utc(run.finishedAt()));
            upsert.setInt(12, run.skippedFirings());
            upsert.executeUpdate();
        }
    }

    /** Forgets the job's runs beyond the newest {@code keepPerJob}. */
    private void prune(Connection connection, String job) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM adrelay_job_runs WHERE job = ? AND run_id NOT IN
                    (SELECT run_id FROM adrelay_job_runs WHERE job = ? ORDER BY started_at DESC, run_id DESC LIMIT ?)""")) {
            delete.setString(1, job);
            delete.setString(2, job);
            delete.setInt(3, keepPerJob);
            delete.executeUpdate();
        }
    }

    private static Set<String> jobs(Connection connection) throws SQLException {
        Set<String> jobs = new TreeSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT job FROM adrelay_job_runs");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                jobs.add(rows.getString(1));
            }
        }
        return jobs;
    }

    private List<JobRun> query(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return select(connection, sql, parameters);
        } catch (SQLException e) {
            throw new StorageException("Cannot read the job-run history", e);
        }
    }

    private static List<JobRun> select(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<JobRun> runs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    runs.add(JobRun.fromJson(row(rows)));
                }
            }
            return runs;
        }
    }

    /** A row as the run's JSON (JobRun.toJson's shape), so it reads back exactly as the files' runs do. */
    private static ObjectNode row(ResultSet rows) throws SQLException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("run_id", rows.getString("run_id")).put("job", rows.getString("job")).put("trigger", rows.getString("trigger"))
                .put("status", rows.getString("status"))
                .put("started_at", rows.getObject("started_at", OffsetDateTime.class).toInstant().toString());
        OffsetDateTime finished = rows.getObject("finished_at", OffsetDateTime.class);
        json.put("finished_at", finished == null ? null : finished.toInstant().toString());
        json.set("parameters", jsonb(rows.getString("parameters")));
        JsonNode progress = jsonb(rows.getString("progress"));
        if (progress != null) {
            json.set("progress", progress);
        }
        json.put("summary", rows.getString("summary"));
        json.set("dead_letters", jsonb(rows.getString("dead_letters")));
        json.put("skipped_firings", rows.getInt("skipped_firings"));
        json.put("node", rows.getString("node"));
        return json;
    }

    /** The JDBC type PostgreSQL's driver maps to TIMESTAMPTZ whatever the JVM's time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static JsonNode jsonb(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new SQLException("not JSON: " + e.getMessage(), e);
        }
    }
}
