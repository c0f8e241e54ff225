package io.adrelay.common.inbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.adrelay.common.storage.Sql;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster profile's inbox read locks (bean "inboxReadLocks", the {@code readLockIdempotentRepository} of every
 * inbox consumer with {@code readLock=idempotent-changed}): a file of the shared inbox is taken by the one node whose
 * add wins, one {@code INSERT ... ON CONFLICT} in adrelay_inbox_locks.
 * <p>
 * Why not the effect ledger's repository (PostgresIdempotentRepository): a key there is kept for ever, so a node
 * killed while it reads a file would leave that file in the inbox, locked, never taken again. Here a lock is held
 * for a lease that its node renews while it lives; a lock whose lease ran out (its node died) is taken over by the
 * next node that finds the file still there, which reads it again (its effects are keyed, so none happens twice).
 * Camel gives the lock back (removeOnCommit) a release delay after the file moved to .done/, so a node that listed
 * the file just before the move cannot take it after.
 */
public final class PostgresInboxReadLocks extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresInboxReadLocks.class);
    /** file_key's width: a longer path is kept as "sha256:" and its hash. */
    static final int KEY_WIDTH = 255;

    private final Sql sql;
    private final DataSource dataSource;
    /** This process: two processes given the same node name still hold their own locks. */
    private final String holder;
    private final Duration lease;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;

    public PostgresInboxReadLocks(DataSource dataSource, String node, Duration lease) {
        this.sql = new Sql(dataSource);
        this.dataSource = dataSource;
        this.holder = node + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = lease;
    }

    /** True when this node now holds the file: nobody held it, or its holder's lease ran out. */
    @Override
    public boolean add(String key) {
        String stored = stored(key);
        boolean taken = sql.update("lock inbox file " + key,
                "INSERT INTO adrelay_inbox_locks (file_key, holder, locked_until) VALUES (?, ?, clock_timestamp() + ?::float8 * interval '1 millisecond')"
                        + " ON CONFLICT (file_key) DO UPDATE SET holder = EXCLUDED.holder, locked_until = EXCLUDED.locked_until"
                        + " WHERE adrelay_inbox_locks.locked_until < clock_timestamp()",
                stored, holder, lease.toMillis()) == 1;
        if (taken) {
            held.add(stored);
        }
        return taken;
    }

    @Override
    public boolean contains(String key) {
        return sql.query("read the inbox lock of " + key,
                "SELECT 1 FROM adrelay_inbox_locks WHERE file_key = ? AND locked_until >= clock_timestamp()", rows -> rows.next(), stored(key));
    }

    /** Gives the lock back (this node's only: one taken over meanwhile is the new holder's). */
    @Override
    public boolean remove(String key) {
        String stored = stored(key);
        held.remove(stored);
        return sql.update("unlock inbox file " + key, "DELETE FROM adrelay_inbox_locks WHERE file_key = ? AND holder = ?", stored, holder) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Gives back every lock of this node. */
    @Override
    public void clear() {
        held.clear();
        sql.update("unlock this node's inbox files", "DELETE FROM adrelay_inbox_locks WHERE holder = ?", holder);
    }

    @Override
    protected void doStart() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "inbox-lock-renewer");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    /** The locks this node holds live one more lease. */
    void renew() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "UPDATE adrelay_inbox_locks SET locked_until = clock_timestamp() + ?::float8 * interval '1 millisecond'"
                        + " WHERE holder = ? AND file_key = ANY (?)")) {
            Array keys = connection.createArrayOf("varchar", held.toArray());
            statement.setLong(1, lease.toMillis());
            statement.setString(2, holder);
            statement.setArray(3, keys);
            statement.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            // tried again at the next renewal; a lease that runs out meanwhile lets another node read the file again
            LOG.warn("Cannot renew {} inbox lock(s), tried again in a moment: {}", held.size(), e.getMessage());
        }
    }

    static String stored(String key) {
        return key.length() <= KEY_WIDTH ? key : "sha256:" + Sql.sha256(key);
    }

    @Override
    public String toString() {
        return "adrelay_inbox_locks[" + holder + "]";
    }
}
