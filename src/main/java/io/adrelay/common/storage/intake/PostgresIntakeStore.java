package io.adrelay.common.storage.intake;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.storage.Sql;

/**
 * The cluster profile's intake queue: table adrelay_intake (Flyway V3), one row per request by queue and id. A request
 * is one committed INSERT before its 202, so the 202 survives the node that gave it. Any node claims the oldest pending
 * rows with {@code FOR UPDATE SKIP LOCKED} (two nodes never get the same row) and holds them for a lease, under the
 * database's clock. While the node lives, a heartbeat renews the leases of its claims every third of a lease, however
 * long it works on them; a row whose lease has passed (its node died, or lost the database for longer than a lease) is
 * claimed again by another node, and processing it a second time is made safe by the effect ledger. Set-aside rows
 * are kept for the record, done ones until {@link #forgetDoneBefore}.
 */
public class PostgresIntakeStore implements IntakeStore, AutoCloseable {

    private static final String PENDING = "pending";
    private static final String DONE = "done";
    private static final String SET_ASIDE = "set-aside";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresIntakeStore.class);

    /** A claim, but for what it returns: node, lease in ms, queue, node, max. */
    private static final String CLAIM = """
            UPDATE adrelay_intake AS r SET claimed_by = ?, claimed_until = now() + CAST(? AS double precision) * interval '1 millisecond'
            FROM (SELECT queue, id FROM adrelay_intake
                  WHERE queue = ? AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = ?)
                  ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) AS free
            WHERE r.queue = free.queue AND r.id = free.id
            """;

    /**
     * The done requests of a queue finished before a time: read through the primary key up to the first id of that time
     * (an id begins with its request's arrival, which comes before its finish), so each run reads little more than it
     * deletes, and the intake keeps no index of done rows to update.
     */
    static final String FORGET = """
            DELETE FROM adrelay_intake WHERE queue = ? AND id < ? AND state = 'done' AND finished_at < ?""";

    private final Sql sql;
    private final String queue;
    private final String node;
    /** Renews this node's claims; started by the first claim, with its lease. */
    private ScheduledExecutorService heartbeat;

    /**
     * @param queue the queue's name, e.g. {@code apisync/requests}
     * @param node  this node's name, which its claims carry
     */
    public PostgresIntakeStore(DataSource dataSource, String queue, String node) {
        this.sql = new Sql(dataSource);
        this.queue = queue;
        this.node = node;
    }

    @Override
    public void add(String id, byte[] request) {
        sql.update("store request " + id + " of " + queue, """
                INSERT INTO adrelay_intake (queue, id, body) VALUES (?, ?, ?)
                ON CONFLICT (queue, id) DO UPDATE
                SET body = excluded.body, state = 'pending', claimed_by = NULL, claimed_until = NULL, finished_at = NULL""",
                queue, id, request);
    }

    @Override
    public byte[] read(String id) throws IOException {
        byte[] body = sql.query("read request " + id + " of " + queue,
                "SELECT body FROM adrelay_intake WHERE queue = ? AND id = ? AND state = 'pending'",
                row -> row.next() ? row.getBytes(1) : null, queue, id);
        if (body == null) {
            throw new NoSuchFileException(setAsideLocation(id), null, "no pending request " + id + " in " + queue);
        }
        return body;
    }

    @Override
    public boolean isPending(String id) {
        return PENDING.equals(state(id));
    }

    @Override
    public boolean isDone(String id) {
        return DONE.equals(state(id));
    }

    @Override
    public List<String> pendingIds() {
        return sql.query("list the pending requests of " + queue,
                "SELECT id FROM adrelay_intake WHERE queue = ? AND state = 'pending' ORDER BY id", PostgresIntakeStore::ids, queue);
    }

    /** A count on the partial index of pending rows; IntakeQueue asks at most every 250 ms per node. */
    @Override
    public int pendingCount() {
        return sql.query("count the pending requests of " + queue,
                "SELECT count(*) FROM adrelay_intake WHERE queue = ? AND state = 'pending'", row -> {
                    row.next();
                    return row.getInt(1);
                }, queue);
    }

    /**
     * One statement: the oldest pending rows that are free, out of their lease, or already this node's, skipping the
     * rows another node's claim is locking at this moment; each now this node's until the lease ends.
     */
    @Override
    public List<String> claim(int max, Duration lease) {
        List<String> claimed = sql.query("claim requests of " + queue, CLAIM + "RETURNING r.id", PostgresIntakeStore::ids, node,
                lease.toMillis(), queue, node, max);
        beat(lease);
        // RETURNING keeps no order
        return claimed.stream().sorted().toList();
    }

    /** The claim's one statement returns the requests' bytes too: no read per request after it. */
    @Override
    public Map<String, byte[]> claimRequests(int max, Duration lease) {
        Map<String, byte[]> claimed = sql.query("claim requests of " + queue, CLAIM + "RETURNING r.id, r.body", rows -> {
            // RETURNING keeps no order
            Map<String, byte[]> requests = new TreeMap<>();
            while (rows.next()) {
                requests.put(rows.getString(1), rows.getBytes(2));
            }
            return requests;
        }, node, lease.toMillis(), queue, node, max);
        beat(lease);
        return claimed;
    }

    /** Stops renewing this node's claims: they lapse after their lease, as a dead node's do. */
    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    /** Renews the leases of every claim this node holds in the queue: they stay this node's while it lives. */
    void renew(Duration lease) {
        sql.update("renew the claims of " + node + " on " + queue, """
                UPDATE adrelay_intake SET claimed_until = now() + CAST(? AS double precision) * interval '1 millisecond'
                WHERE queue = ? AND claimed_by = ? AND state = 'pending'""", lease.toMillis(), queue, node);
    }

    private synchronized void beat(Duration lease) {
        if (heartbeat != null && !heartbeat.isShutdown()) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "intake-claims-" + queue);
            // it ends with the process: a claim outlives its node by one lease at most
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                renew(lease);
            } catch (RuntimeException unreachable) {
                // the database is away: the claims lapse if it stays away longer than a lease, and are taken again then
                LOG.debug("Claims on {} not renewed: {}", queue, unreachable.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Only this node's claim: one another node took over stays that node's. */
    @Override
    public void release(String id) {
        sql.update("release request " + id + " of " + queue,
                "UPDATE adrelay_intake SET claimed_by = NULL, claimed_until = NULL WHERE queue = ? AND id = ? AND state = 'pending'"
                        + " AND claimed_by = ?", queue, id, node);
    }

    /** Done by whichever node finishes it; a second finish (a node that had lost its lease) changes nothing. */
    @Override
    public void done(String id) {
        finish(id, DONE);
    }

    /** One UPDATE for them all: one commit (one WAL flush) for a batch instead of one per request. */
    @Override
    public void doneAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sql.update("retire " + ids.size() + " requests of " + queue + " as " + DONE, """
                UPDATE adrelay_intake SET state = ?, finished_at = now(), claimed_by = ?, claimed_until = NULL
                WHERE queue = ? AND id = ANY(?) AND state = 'pending'""", DONE, node, queue, ids.toArray(String[]::new));
    }

    /** One DELETE; every node may run it, and a second one finds nothing. */
    @Override
    public void forgetDoneBefore(Instant before) {
        sql.update("forget the requests of " + queue + " done before " + before, FORGET, forgetParameters(queue, before));
    }

    /** {@link #FORGET}'s parameters: the queue, the first id of the cutoff, the cutoff. */
    static Object[] forgetParameters(String queue, Instant before) {
        return new Object[] {queue, TrackingIds.of(before.toEpochMilli(), 0, 0), java.sql.Timestamp.from(before)};
    }

    @Override
    public void setAside(String id) {
        finish(id, SET_ASIDE);
    }

    @Override
    public String setAsideLocation(String id) {
        return "table adrelay_intake, queue " + queue + ", id " + id + " (state " + SET_ASIDE + ")";
    }

    @Override
    public String toString() {
        return "adrelay_intake, queue " + queue;
    }

    /** Retired by this node, which claimed_by then records (whichever node's claim it was under). */
    private void finish(String id, String state) {
        sql.update("retire request " + id + " of " + queue + " as " + state, """
                UPDATE adrelay_intake SET state = ?, finished_at = now(), claimed_by = ?, claimed_until = NULL
                WHERE queue = ? AND id = ? AND state = 'pending'""", state, node, queue, id);
    }

    private String state(String id) {
        return sql.query("read the state of request " + id + " of " + queue, "SELECT state FROM adrelay_intake WHERE queue = ? AND id = ?",
                row -> row.next() ? row.getString(1) : null, queue, id);
    }

    private static List<String> ids(ResultSet rows) throws java.sql.SQLException {
        List<String> ids = new ArrayList<>();
        while (rows.next()) {
            ids.add(rows.getString(1));
        }
        return ids;
    }
}
