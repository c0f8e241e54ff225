package io.adrelay.common.storage.documents;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.StorageException;

/**
 * The cluster profile's documents: table adrelay_documents, one row per document, its folder as kind (e.g.
 * {@code statlas/batches}) and its last segment as name (e.g. {@code BAT001}), so a folder lists with the primary
 * key. A write is one statement: a reader on any node sees the document before it or after it, never part of it.
 */
public class PostgresDocumentStore implements DocumentStore {

    /** The width of the kind column. */
    private static final int FOLDER_WIDTH = 64;
    private static final int NAME_WIDTH = 255;

    private final DataSource dataSource;

    public PostgresDocumentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public ObjectNode read(String name) {
        Key key = Key.of(name);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT body FROM adrelay_documents WHERE kind = ? AND name = ?")) {
            query.setString(1, key.folder());
            query.setString(2, key.last());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Json.MAPPER.createObjectNode();
                }
                JsonNode body = Json.MAPPER.readTree(row.getString(1));
                if (!body.isObject()) {
                    throw new IllegalStateException("document " + name + " is not a JSON object");
                }
                return (ObjectNode) body;
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read document " + name, e);
        } catch (IOException e) {
            throw new StorageException("Cannot read document " + name, e);
        }
    }

    @Override
    public boolean exists(String name) {
        Key key = Key.of(name);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM adrelay_documents WHERE kind = ? AND name = ?")) {
            query.setString(1, key.folder());
            query.setString(2, key.last());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read document " + name, e);
        }
    }

    @Override
    public void write(String name, JsonNode document) {
        Key key = Key.of(name);
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document " + name + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO adrelay_documents (kind, name, body) VALUES (?, ?, ?::jsonb)
                        ON CONFLICT (kind, name) DO UPDATE
                        SET body = excluded.body, version = adrelay_documents.version + 1, updated_at = now()""")) {
            upsert.setString(1, key.folder());
            upsert.setString(2, key.last());
            upsert.setString(3, body);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot write document " + name, e);
        }
    }

    @Override
    public void delete(String name) {
        Key key = Key.of(name);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM adrelay_documents WHERE kind = ? AND name = ?")) {
            delete.setString(1, key.folder());
            delete.setString(2, key.last());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot delete document " + name, e);
        }
    }

    @Override
    public List<String> list(String folder) {
        DocumentNames.checked(folder);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT name FROM adrelay_documents WHERE kind = ?")) {
            query.setString(1, folder);
            List<String> names = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            // sorted here, as the files are: the database's collation may differ from Java's order
            return names.stream().sorted().map(n -> folder + "/" + n).toList();
        } catch (SQLException e) {
            throw new StorageException("Cannot list documents in " + folder, e);
        }
    }

    /** A document name as the table's key: the folder (empty at the top) and the last segment. */
    private record Key(String folder, String last) {

        static Key of(String name) {
            DocumentNames.checked(name);
            int slash = name.lastIndexOf('/');
            Key key = slash < 0 ? new Key("", name) : new Key(name.substring(0, slash), name.substring(slash + 1));
            if (key.folder().length() > FOLDER_WIDTH || key.last().length() > NAME_WIDTH) {
                throw new IllegalArgumentException("document name too long: \"" + name + "\" (its folder at most " + FOLDER_WIDTH
                        + " characters, its last segment at most " + NAME_WIDTH + ")");
            }
            return key;
        }
    }
}
