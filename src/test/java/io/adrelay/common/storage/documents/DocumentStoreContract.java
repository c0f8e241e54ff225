package io.adrelay.common.storage.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

/** What every {@link DocumentStore} promises; {@link #reopened} sees the same state as the last one made. */
public abstract class DocumentStoreContract {

    protected abstract DocumentStore store();

    protected abstract DocumentStore reopened();

    @Test
    void aWrittenDocumentReadsBackAfterARestartAndAMissingOneIsEmpty() {
        ObjectNode catalogs = Json.MAPPER.createObjectNode();
        catalogs.putObject("catalogs").putObject("main").put("id", "c-1").put("organization_id", "o-1");
        store().write("snap/catalogs", catalogs);

        DocumentStore after = reopened();
        assertTrue(after.exists("snap/catalogs"));
        assertEquals(catalogs, after.read("snap/catalogs"));
        assertFalse(after.exists("snap/provisioning"));
        assertEquals(Json.MAPPER.createObjectNode(), after.read("snap/provisioning"));
    }

    @Test
    void aWriteReplacesTheWholeDocument() {
        store().write("statlas/batches/BAT001", Json.MAPPER.createObjectNode().put("a", 1).put("b", 2));
        store().write("statlas/batches/BAT001", Json.MAPPER.createObjectNode().put("c", 3));
        assertEquals(Json.MAPPER.createObjectNode().put("c", 3), reopened().read("statlas/batches/BAT001"));
    }

    @Test
    void aDeletedDocumentIsGoneAndDeletingNothingIsNothing() {
        store().write("apisync/progress/r1", Json.MAPPER.createObjectNode().put("tracking_id", "r1"));
        store().delete("apisync/progress/r1");
        store().delete("apisync/progress/never-written");
        assertFalse(reopened().exists("apisync/progress/r1"));
        assertEquals(List.of(), reopened().list("apisync/progress"));
    }

    @Test
    void aFolderListsItsOwnDocumentsSortedAndNotThoseBelowOrBeside() {
        DocumentStore store = store();
        store.write("statlas/batches/BAT002", Json.MAPPER.createObjectNode());
        store.write("statlas/batches/BAT001", Json.MAPPER.createObjectNode());
        store.write("statlas/batches-old/BAT000", Json.MAPPER.createObjectNode());
        store.write("statlas/batches/deeper/BAT009", Json.MAPPER.createObjectNode());
        store.write("statlas/events-seen", Json.MAPPER.createObjectNode());

        assertEquals(List.of("statlas/batches/BAT001", "statlas/batches/BAT002"), reopened().list("statlas/batches"));
        assertEquals(List.of(), reopened().list("snap/uploads"));
    }

    @Test
    void aNameThatIsNoPlainPathIsRefused() {
        DocumentStore store = store();
        for (String bad : new String[] {"", "/snap/x", "snap//x", "snap/", "../x", "snap/../../x", "snap/.hidden", "a\\b"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> store.write(bad, Json.MAPPER.createObjectNode()), bad);
            assertTrue(refused.getMessage().contains("document"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> store.read("../state"));
        assertThrows(IllegalArgumentException.class, () -> store.document(null));
    }

    @Test
    void aDocumentHandleReadsAndWritesItsOwnDocument() {
        Document provisioning = store().document("snap/provisioning");
        provisioning.write(Json.MAPPER.createObjectNode().put("at", "now"));
        assertEquals("now", reopened().document("snap/provisioning").read().path("at").asText());
    }
}
