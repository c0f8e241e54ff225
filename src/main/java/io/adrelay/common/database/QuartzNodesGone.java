package io.adrelay.common.database;

import java.time.Instant;

import javax.sql.DataSource;

import io.adrelay.common.storage.NodesGone;
import io.adrelay.common.storage.Sql;

/**
 * A node is gone when Quartz's clustered job store says so: the node (its Quartz instance id is its name) has not
 * checked in within its check-in interval plus Quartz's own margin (7.5 s, the margin after which Quartz recovers a
 * node's firings), or its row is absent (Quartz deletes a dead node's row once it recovered it) although the work in
 * question is older than that. Times are the database's, so the nodes' clocks do not matter.
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
                SELECT CASE WHEN s.instance_name IS NULL THEN ? < extract(epoch from now()) * 1000 - ? - ?
                            ELSE s.last_checkin_time + s.checkin_interval + ? < extract(epoch from now()) * 1000 END
                FROM (SELECT 1) one LEFT JOIN qrtz_scheduler_state s ON s.sched_name = ? AND s.instance_name = ?""",
                rows -> rows.next() && rows.getBoolean(1),
                since.toEpochMilli(), checkinIntervalMs, QUARTZ_MARGIN_MS, QUARTZ_MARGIN_MS, ClusteredQuartz.SCHEDULER, node);
    }
}
