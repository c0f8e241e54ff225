package io.adrelay.common.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz in the cluster profile: its clustered JDBC job store on the nodes' PostgreSQL (the QRTZ_ tables of the
 * first migration), through the node's own pool. Every node schedules the same jobs under one scheduler name; a
 * trigger is taken by one node per firing, so each schedule fires once across the cluster, and a node silent for
 * longer than the check-in interval has the jobs it was running recovered by another. The embedded profiles keep
 * Quartz's in-memory store, untouched.
 */
public final class ClusteredQuartz {

    /** The name the job store knows the pool by (Quartz's DBConnectionManager). */
    static final String DATA_SOURCE = "adrelay";
    /** The scheduler's name, one for every node: the rows of one cluster (SCHED_NAME). */
    static final String SCHEDULER = "adrelay";

    private ClusteredQuartz() {
    }

    /** Sets the quartz component of the context on the job store; before any quartz route starts. */
    public static void configure(CamelContext context, DataSource pool, long checkinIntervalMs, long misfireThresholdMs) {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new PoolProvider(pool));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(properties(checkinIntervalMs, misfireThresholdMs));
        context.getCamelContextExtension().registerEndpointCallback(new JobDefaults());
    }

    /**
     * What every schedule gets in the cluster, whichever route declares it: one firing of a job at a time across the
     * nodes (stateful: Quartz holds the job's next firing while one runs anywhere, then fires it once), and a firing
     * cut short by its node's death fired again by another node (recoverable).
     */
    static final class JobDefaults implements EndpointStrategy {

        @Override
        public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
            if (endpoint instanceof QuartzEndpoint quartz) {
                quartz.setStateful(true);
                quartz.setRecoverableJob(true);
            }
            return endpoint;
        }
    }

    static Map<String, Object> properties(long checkinIntervalMs, long misfireThresholdMs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", SCHEDULER);
        // host name and start time: unique per node, as the cluster needs
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "10");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMs));
        p.put("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThresholdMs));
        // triggers are taken under the cluster's row lock: two nodes never take the same firing
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** The node's pool, handed to Quartz: the job store takes and returns its connections like any other user. */
    private record PoolProvider(DataSource pool) implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool is the Database service's to close, after Quartz has stopped
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
