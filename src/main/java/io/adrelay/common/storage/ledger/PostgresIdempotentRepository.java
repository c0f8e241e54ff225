package io.adrelay.common.storage.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

import io.adrelay.common.storage.StorageException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The keys of one kind of effect in adrelay_effect_ledger, as Camel's idempotentConsumer uses them.
 * <p>
 * Our own small class rather than camel-sql's JdbcMessageIdRepository: its add is a select then an insert in a Spring
 * transaction, so two nodes adding the same key at once both see it absent and one of them fails on the primary key
 * instead of answering false; here add is one {@code INSERT ... ON CONFLICT DO NOTHING}, whose row count is the
 * answer, atomic across nodes. It also needs no Spring (camel-sql brings spring-jdbc and spring-tx) and keeps the
 * table's own columns (effect, effect_key, node) instead of CAMEL_MESSAGEPROCESSED's.
 */
final class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /** effect_key's width: a longer key is stored as "sha256:" and its SHA-256 in hex (effect ids and paths can be long). */
    static final int KEY_WIDTH = 255;

    private final DataSource dataSource;
    private final String effect;
    private final String node;

    PostgresIdempotentRepository(DataSource dataSource, String effect, String node) {
        if (effect.isEmpty() || effect.length() > 100) {
            throw new IllegalArgumentException("an effect's name is 1 to 100 characters, not " + effect.length() + ": " + effect);
        }
        this.dataSource = dataSource;
        this.effect = effect;
        this.node = node;
    }

    @Override
    public boolean add(String key) {
        return update("INSERT INTO adrelay_effect_ledger (effect, effect_key, node) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                "record", key, node) == 1;
    }

    @Override
    public boolean contains(String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM adrelay_effect_ledger WHERE effect = ? AND effect_key = ?")) {
            query.setString(1, effect);
            query.setString(2, stored(key));
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read effect " + effect + " key " + key, e);
        }
    }

    @Override
    public boolean remove(String key) {
        return update("DELETE FROM adrelay_effect_ledger WHERE effect = ? AND effect_key = ?", "remove", key, null) == 1;
    }

    /** Added means done: nothing to confirm. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Clears this effect's keys only (every node's). */
    @Override
    public void clear() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM adrelay_effect_ledger WHERE effect = ?")) {
            delete.setString(1, effect);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot clear effect " + effect, e);
        }
    }

    private int update(String sql, String what, String key, String nodeOrNull) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, effect);
            statement.setString(2, stored(key));
            if (nodeOrNull != null) {
                statement.setString(3, nodeOrNull);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot " + what + " effect " + effect + " key " + key, e);
        }
    }

    static String stored(String key) {
        if (key.length() <= KEY_WIDTH) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "adrelay_effect_ledger[" + effect + "]";
    }
}
