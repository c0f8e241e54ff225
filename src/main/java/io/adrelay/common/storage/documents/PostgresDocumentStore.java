package io.adrelay.common.storage.documents;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.Sql;

/**
 * The cluster profile's documents: table adrelay_documents, one row per document, its folder as kind (e.g.
 * {@code statlas/batches}) and its last segment as name (e.g. {@code BAT001}), so a folder lists with the primary
 * key. A write is one statement: a reader on any node sees the document before it or after it, never part of it.
 */
public class PostgresDocumentStore implements DocumentStore {

    /** The width of the kind column. */
    private static final int FOLDER_WIDTH = 64;
    private static final int NAME_WIDTH = 255;

    private final Sql sql;

    public PostgresDocumentStore(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    @Override
    public ObjectNode read(String name) {
        Key key = Key.of(name);
        return sql.query("read document " + name, "SELECT body FROM adrelay_documents WHERE kind = ? AND name = ?", row -> {
            if (!row.next()) {
                return Json.MAPPER.createObjectNode();
            }
            JsonNode body = Json.MAPPER.readTree(row.getString(1));
            if (!body.isObject()) {
                throw new IllegalStateException("document " + name + " is not a JSON object");
            }
            return (ObjectNode) body;
        }, key.folder(), key.last());
    }

    @Override
    public boolean exists(String name) {
        Key key = Key.of(name);
        return sql.query("read document " + name, "SELECT 1 FROM adrelay_documents WHERE kind = ? AND name = ?", ResultSet::next,
                key.folder(), key.last());
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
        sql.update("write document " + name, """
                INSERT INTO adrelay_documents (kind, name, body) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (kind, name) DO UPDATE
                SET body = excluded.body, version = adrelay_documents.version + 1, updated_at = now()""",
                key.folder(), key.last(), body);
    }

    @Override
    public void delete(String name) {
        Key key = Key.of(name);
        sql.update("delete document " + name, "DELETE FROM adrelay_documents WHERE kind = ? AND name = ?", key.folder(), key.last());
    }

    @Override
    public List<String> list(String folder) {
        DocumentNames.checked(folder);
        List<String> names = sql.query("list documents in " + folder, "SELECT name FROM adrelay_documents WHERE kind = ?", rows -> {
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        }, folder);
        // sorted here, as the files are: the database's collation may differ from Java's order
        return names.stream().sorted().map(n -> folder + "/" + n).toList();
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
