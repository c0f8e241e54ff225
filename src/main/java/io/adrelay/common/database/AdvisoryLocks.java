package io.adrelay.common.database;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.common.storage.Sql;
import io.adrelay.common.storage.StorageException;

/**
 * The cluster's named locks as PostgreSQL session advisory locks (pg_advisory_lock), keyed by the name's SHA-256: a
 * lock is held on a connection of the pool kept for it, so a node that dies (its connections closed by the server)
 * gives its locks back at once, without a lease to wait out.
 */
public final class AdvisoryLocks implements ClusterLocks {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLocks.class);

    private final DataSource dataSource;

    public AdvisoryLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Held hold(String name) {
        long key = key(name);
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key);
                lock.execute();
            }
        } catch (SQLException e) {
            close(connection, name);
            throw new StorageException("Cannot take the cluster's lock of " + name, e);
        }
        Connection held = connection;
        return () -> {
            try (PreparedStatement unlock = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            } catch (SQLException e) {
                // the connection is broken: the server has ended its session, and the lock with it
                LOG.warn("Cannot release the cluster's lock of {}: {}", name, e.getMessage());
                abort(held);
            } finally {
                close(held, name);
            }
        };
    }

    /** The name as the 64-bit key PostgreSQL locks by. */
    static long key(String name) {
        return ByteBuffer.wrap(java.util.HexFormat.of().parseHex(Sql.sha256(name).substring(0, 16))).getLong();
    }

    /** A connection whose unlock failed is not handed back to the pool with a lock possibly still on it. */
    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closed below all the same
        }
    }

    private static void close(Connection connection, String name) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the connection of the lock of {}: {}", name, e.getMessage());
        }
    }
}
