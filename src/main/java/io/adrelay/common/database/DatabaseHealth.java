package io.adrelay.common.database;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of a cluster node: DOWN while its PostgreSQL cannot be reached (the pool gets no connection, or it does
 * not answer), UP again as soon as it can, without a restart. Not liveness: a restart would not bring the database
 * back, and a supervisor restarting every node while the database is down would only add to the outage.
 */
public final class DatabaseHealth extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);
    private static final int ANSWER_SECONDS = 2;

    private final Database database;
    private final AtomicBoolean down = new AtomicBoolean();

    public DatabaseHealth(Database database) {
        super("adrelay", "database");
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("database.url", database.settings().shownUrl());
        String problem = database.check(ANSWER_SECONDS);
        if (problem == null) {
            if (down.getAndSet(false)) {
                LOG.info("Database {} answers again: ready", database.settings().shownUrl());
            }
            builder.up();
            return;
        }
        if (!down.getAndSet(true)) {
            LOG.warn("Database {} cannot be reached ({}): not ready until it can", database.settings().shownUrl(), problem);
        }
        builder.message("database " + database.settings().shownUrl() + " cannot be reached: " + problem).down();
    }
}
