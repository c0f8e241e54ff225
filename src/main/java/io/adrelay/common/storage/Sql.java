package io.adrelay.common.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

/**
 * One statement on the pool, what the PostgreSQL stores share: a connection for the statement alone (autocommit: done
 * when it returns), its parameters in order, and a failure as a {@link StorageException} naming what was being done,
 * waited out like a full disk. A store that needs a transaction of several statements opens its own connection.
 */
public final class Sql {

    /** What a query makes of its rows. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException, IOException;
    }

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An INSERT, UPDATE or DELETE; the rows it changed. */
    public int update(String what, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepared(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot " + what, e);
        }
    }

    /** A SELECT, its rows read as the caller says. */
    public <T> T query(String what, String sql, Rows<T> reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepared(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw new StorageException("Cannot " + what, e);
        } catch (IOException e) {
            throw new StorageException("Cannot " + what, e);
        }
    }

    /** A text's SHA-256 in hex: a key of fixed width for one of any length. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
