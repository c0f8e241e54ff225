package io.adrelay.common.storage.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.StorageException;

/**
 * The cluster profile's calls in doubt: table adrelay_calls_in_doubt (migration V2), one row per effect, keyed by
 * the effect's SHA-256 (an effect names ids and paths of any length). A row is committed before remember returns,
 * so a node killed right after sending leaves its call for the next start, or another node, to check.
 */
public class PostgresCallsInDoubt implements CallsInDoubt {

    private final DataSource dataSource;
    private final String node;

    public PostgresCallsInDoubt(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    @Override
    public Optional<ObjectNode> find(String effect) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT call FROM adrelay_calls_in_doubt WHERE effect_hash = ?")) {
            query.setString(1, hash(effect));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of((ObjectNode) Json.MAPPER.readTree(row.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read the sent call " + effect, e);
        } catch (IOException e) {
            throw new StorageException("Cannot read the sent call " + effect, e);
        }
    }

    @Override
    public void remember(String effect, ObjectNode call) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO adrelay_calls_in_doubt (effect_hash, effect, call, node) VALUES (?, ?, ?::jsonb, ?)
                        ON CONFLICT (effect_hash) DO UPDATE SET call = excluded.call, node = excluded.node, recorded_at = now()""")) {
            upsert.setString(1, hash(effect));
            upsert.setString(2, effect);
            upsert.setString(3, Json.MAPPER.writeValueAsString(call));
            upsert.setString(4, node);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot remember the sent call " + effect, e);
        } catch (IOException e) {
            throw new StorageException("Cannot remember the sent call " + effect, e);
        }
    }

    @Override
    public void forget(String effect) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM adrelay_calls_in_doubt WHERE effect_hash = ?")) {
            delete.setString(1, hash(effect));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot forget the sent call " + effect, e);
        }
    }

    private static String hash(String effect) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(effect.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
