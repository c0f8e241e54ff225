package io.adrelay.common.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    public static void configure(CamelContext context, DataSource pool, String node, long checkinIntervalMs, long misfireThresholdMs) {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new PoolProvider(pool));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(properties(node, checkinIntervalMs, misfireThresholdMs));
        // one scheduler name on every node (not suffixed with the context's): the nodes share its rows
        quartz.setPrefixInstanceName(false);
        context.getCamelContextExtension().registerEndpointCallback(new JobDefaults());
        context.addRoutePolicyFactory(new RemovedJobs());
    }

    /**
     * A schedule taken away while the node runs (a route file saved without it, a Snap feed no longer declared) is
     * taken out of the job store, for every node: camel-quartz leaves a clustered job where it is when its route goes
     * (right when the node stops: the other nodes go on firing it), so it would fire on, with no route to run it. A
     * schedule made again (a saved file, a template) is scheduled afresh by its new route.
     */
    static final class RemovedJobs extends RoutePolicySupport implements RoutePolicyFactory {

        private static final Logger LOG = LoggerFactory.getLogger(RemovedJobs.class);

        @Override
        public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
            return this;
        }

        @Override
        public void onRemove(Route route) {
            CamelContext context = route.getCamelContext();
            if (!(route.getEndpoint() instanceof QuartzEndpoint quartz) || context.isStopping() || context.isStopped()) {
                return;
            }
            try {
                Scheduler scheduler = ((QuartzComponent) quartz.getComponent()).getScheduler();
                if (scheduler.unscheduleJob(quartz.getTriggerKey())) {
                    LOG.info("Schedule {} of removed route {} taken out of the cluster's job store", quartz.getTriggerKey(), route.getRouteId());
                }
            } catch (SchedulerException | RuntimeException e) {
                LOG.warn("Schedule {} of removed route {} could not be taken out of the cluster's job store: {}", quartz.getTriggerKey(),
                        route.getRouteId(), e.getMessage());
            }
        }
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

    static Map<String, Object> properties(String node, long checkinIntervalMs, long misfireThresholdMs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", SCHEDULER);
        // the node's name (ADRELAY_NODE_NAME): unique per node, as the cluster needs, and the same across its restarts, so
        // a restarted node recovers its own firings at once and its runs tell which QRTZ_SCHEDULER_STATE row is theirs
        p.put("org.quartz.scheduler.instanceId", node);
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
