package io.adrelay.common.storage.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;

import io.adrelay.common.Json;
import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The documents contract on adrelay_documents of a real PostgreSQL; "reopened" is another node's store. */
class DocumentStorePostgresIT extends DocumentStoreContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_documents");

    @Override
    protected DocumentStore store() {
        return new PostgresDocumentStore(db.dataSource());
    }

    @Override
    protected DocumentStore reopened() {
        return new PostgresDocumentStore(db.dataSource());
    }

    @Test
    void aDocumentIsOneRowKeyedByItsFolderAndLastSegmentAndEachWriteCountsAVersion() throws Exception {
        store().write("statlas/batches/BAT001", Json.MAPPER.createObjectNode().put("status", "open"));
        store().write("statlas/batches/BAT001", Json.MAPPER.createObjectNode().put("status", "delivered"));
        store().write("top", Json.MAPPER.createObjectNode());
        try (Connection connection = db.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT kind, name, version, body->>'status' FROM adrelay_documents ORDER BY kind DESC")) {
            assertTrue(rows.next());
            assertEquals("statlas/batches|BAT001|2|delivered", rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getLong(3) + "|"
                    + rows.getString(4));
            assertTrue(rows.next());
            assertEquals("|top", rows.getString(1) + "|" + rows.getString(2));
        }
    }

    @Test
    void aNameBeyondTheColumnsIsRefusedClearly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> store().write("f".repeat(65) + "/x", Json.MAPPER.createObjectNode()));
        assertTrue(refused.getMessage().contains("too long"), refused.getMessage());
    }
}
