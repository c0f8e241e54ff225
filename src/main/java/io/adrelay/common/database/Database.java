package io.adrelay.common.database;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster profile's PostgreSQL: one pool per node (HikariCP), the schema migrated at start (Flyway, the scripts
 * in db/migration). The pool closes once the whole context has stopped: Quartz's job store, a component, stops
 * after the context's services, and still uses it while it does.
 */
public final class Database extends LifecycleStrategySupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** How long a start tries to reach the database at least: a busy machine or a database still starting gets a moment. */
    private static final long START_TIMEOUT_MS = 5000;

    private final DatabaseSettings settings;
    private final HikariDataSource pool;

    private Database(DatabaseSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /**
     * Opens the pool and migrates the schema; a database that cannot be reached, or refuses the user, is a
     * {@link DatabaseException} whose message an operator can act on (no password, no stack trace).
     */
    public static Database open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("adrelay-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeoutMs());
        config.setValidationTimeout(Math.min(settings.connectTimeoutMs(), 2000));
        // a start with the database down fails within seconds, in one line, rather than a pool waiting for it
        config.setInitializationFailTimeout(Math.max(settings.connectTimeoutMs(), START_TIMEOUT_MS));
        config.addDataSourceProperty("ApplicationName", "adrelay");
        // the driver's own connect and login bounds: an address that drops packets does not hang the start
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeoutMs() / 1000)));
        config.addDataSourceProperty("loginTimeout", String.valueOf(Math.max(1, settings.connectTimeoutMs() / 1000)));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("ADRELAY_DB_URL " + settings.shownUrl() + " cannot be reached as ADRELAY_DB_USER " + settings.user()
                    + ": " + DatabaseException.reason(e));
        }
        Database database = new Database(settings, pool);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseException("the schema of ADRELAY_DB_URL " + settings.shownUrl() + " cannot be migrated: " + DatabaseException.reason(e));
        }
        return database;
    }

    private void migrate() {
        MigrateResult result = Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                // adrelay's own history table, beside Quartz's QRTZ_ tables and its adrelay_ tables
                .table("adrelay_schema_history").load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database {}: schema migrated to version {} ({} migration(s))", settings.shownUrl(), result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            LOG.info("Database {}: schema at version {}", settings.shownUrl(), result.initialSchemaVersion);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A connection that answers within the given seconds, or why not. */
    public String check(int timeoutSeconds) {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(timeoutSeconds) ? null : "the connection did not answer within " + timeoutSeconds + " s";
        } catch (SQLException e) {
            return DatabaseException.reason(e);
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    @Override
    public void onContextStopped(CamelContext context) {
        close();
    }

    @Override
    public void close() {
        pool.close();
    }
}
