package io.adrelay.common.storage.documents;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Named JSON documents, each read and replaced whole (the Statlas batch registry, Snap's state): a reader sees
 * the document before a write or after it, never part of it, and a written document survives a crash. Names are
 * paths of plain segments, such as {@code snap/catalogs} or {@code statlas/batches/BAT001}.
 */
public interface DocumentStore {

    /** The document, or an empty object when there is none. */
    ObjectNode read(String name);

    boolean exists(String name);

    /** Replaces the document, durably before it returns. */
    void write(String name, JsonNode document);

    /** Removes the document; nothing happens when there is none. */
    void delete(String name);

    /** The names of the documents directly in {@code folder} (e.g. {@code statlas/batches}), sorted. */
    List<String> list(String folder);

    /** One document of this store, to hand to the code that owns it. */
    default Document document(String name) {
        return new Document(this, DocumentNames.checked(name));
    }
}
