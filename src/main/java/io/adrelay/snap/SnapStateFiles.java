package io.adrelay.snap;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.Document;

/**
 * Snap's records as JSON: its state as documents (snap/&lt;name&gt;, state/snap/&lt;name&gt;.json in the embedded
 * default), its outbox reports as files; both written atomically, an absent one read as an empty object.
 */
final class SnapStateFiles {

    private SnapStateFiles() {
    }

    static <T> T read(Document document, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(document.read(), type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read " + document, e);
        }
    }

    static void write(Document document, Object record) {
        document.write(Json.MAPPER.valueToTree(record));
    }

    /** An outbox file (a product, not state). */
    static void write(Path file, Object record) {
        DataDirectory.writeObject(file, Json.MAPPER.valueToTree(record));
    }
}
