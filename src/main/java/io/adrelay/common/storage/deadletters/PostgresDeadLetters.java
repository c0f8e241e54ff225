package io.adrelay.common.storage.deadletters;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.StorageException;

/**
 * The cluster profile's dead letters: table adrelay_dead_letters, one row per letter with its text as written, so
 * every node lists the same letters and any node replays or dismisses one. Replayed and dismissed letters stay, marked
 * with the time (replayed_at, dismissed_at); open ones are those with neither.
 */
public class PostgresDeadLetters implements DeadLetters {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    /** The width of the api column. */
    private static final int API_WIDTH = 32;
    private static final String OPEN = "replayed_at IS NULL AND dismissed_at IS NULL";

    private final DataSource dataSource;

    public PostgresDeadLetters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void add(String api, String id, String letter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO adrelay_dead_letters (id, api, body) VALUES (?, ?, ?::json)")) {
            insert.setString(1, id);
            insert.setString(2, safeApi(api));
            insert.setString(3, letter);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot store dead letter " + id, e);
        }
    }

    @Override
    public List<ObjectNode> list(State state) {
        String where = switch (state) {
            case OPEN -> OPEN;
            case REPLAYED -> "replayed_at IS NOT NULL";
            case DISMISSED -> "dismissed_at IS NOT NULL";
        };
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT id, body FROM adrelay_dead_letters WHERE " + where)) {
            List<Letter> letters = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(rows.getString(1), parse(rows.getString(2))));
                }
            }
            // by id, as the files are (Java's order, whatever the database's collation)
            return letters.stream().sorted(Comparator.comparing(Letter::id)).map(Letter::body).toList();
        } catch (SQLException e) {
            throw new StorageException("Cannot list the dead letters", e);
        }
    }

    @Override
    public Optional<ObjectNode> find(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT body FROM adrelay_dead_letters WHERE id = ? AND " + OPEN)) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(parse(row.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read dead letter " + id, e);
        }
    }

    @Override
    public void markReplayed(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE adrelay_dead_letters SET replayed_at = now() WHERE id = ? AND " + OPEN)) {
            update.setString(1, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot mark dead letter " + id + " replayed", e);
        }
    }

    @Override
    public Optional<ObjectNode> dismiss(String id, Map<String, String> fields) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<ObjectNode> dismissed = dismiss(connection, id, fields);
                connection.commit();
                return dismissed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot dismiss dead letter " + id, e);
        }
    }

    /** The open letter locked (two nodes dismissing or replaying it at once: one of them finds it open), then marked. */
    private static Optional<ObjectNode> dismiss(Connection connection, String id, Map<String, String> fields) throws SQLException {
        ObjectNode letter;
        try (PreparedStatement lock = connection.prepareStatement("SELECT body FROM adrelay_dead_letters WHERE id = ? AND " + OPEN
                + " FOR UPDATE")) {
            lock.setString(1, id);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                letter = parse(row.getString(1));
            }
        }
        fields.forEach(letter::put);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE adrelay_dead_letters SET body = ?::json, dismissed_at = now() WHERE id = ?")) {
            update.setString(1, Json.PRETTY.writeValueAsString(letter));
            update.setString(2, id);
            update.executeUpdate();
        } catch (IOException e) {
            throw new SQLException("dead letter " + id + " cannot be written as JSON: " + e.getMessage(), e);
        }
        return Optional.of(letter);
    }

    private static ObjectNode parse(String text) throws SQLException {
        try {
            JsonNode letter = Json.MAPPER.readTree(text);
            if (!letter.isObject()) {
                throw new SQLException("a dead letter that is not a JSON object");
            }
            return (ObjectNode) letter;
        } catch (IOException e) {
            throw new SQLException("a dead letter that is not JSON: " + e.getMessage(), e);
        }
    }

    /** An API name as the files would file it: anything else under unknown. */
    private static String safeApi(String api) {
        return api != null && api.length() <= API_WIDTH && SAFE_ID.matcher(api).matches() ? api : "unknown";
    }

    private record Letter(String id, ObjectNode body) {
    }
}
