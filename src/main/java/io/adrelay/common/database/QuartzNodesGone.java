package io.adrelay.common.database;

import java.time.Instant;

import javax.sql.DataSource;

import io.adrelay.common.storage.NodesGone;
import io.adrelay.common.storage.Sql;

/**
 * A node is gone when Quartz's clustered job store has given it up: its row (its Quartz instance id is its name) is
 * absent from QRTZ_SCHEDULER_STATE, which Quartz deletes once another node has recovered a node silent past its
 * check-in interval plus Quartz's margin, and the work in question is older than that (a node just started may not
 * have checked in yet). Quartz's own judgement, not a second one: it already allows for a database that was away (a
 * node's check-in late because nobody could check in is not a death), and the node's firings are recovered at the
 * same moment its run may be taken over. Times are the database's, so the nodes' clocks do not matter.
 */
public final class QuartzNodesGone implements NodesGone {

    /** Quartz's ClusterManager: a node is failed this long after its check-in interval ran out. */
    static final long QUARTZ_MARGIN_MS = 7_500;

    private final Sql sql;
    private final long checkinIntervalMs;

    public QuartzNodesGone(DataSource dataSource, long checkinIntervalMs) {
        this.sql = new Sql(dataSource);
        this.checkinIntervalMs = checkinIntervalMs;
    }

    @Override
    public boolean gone(String node, Instant since) {
        return sql.query("tell whether node " + node + " is gone", """
                SELECT NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?)
                       AND ? < extract(epoch from now()) * 1000 - ? - ?""",
                rows -> rows.next() && rows.getBoolean(1),
                ClusteredQuartz.SCHEDULER, node, since.toEpochMilli(), checkinIntervalMs, QUARTZ_MARGIN_MS);
    }
}
