package io.adrelay.common.storage.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One named document of a {@link DocumentStore}. */
public record Document(DocumentStore store, String name) {

    /** The document, or an empty object when there is none. */
    public ObjectNode read() {
        return store.read(name);
    }

    /** Replaces it, durably before it returns. */
    public void write(JsonNode document) {
        store.write(name, document);
    }

    @Override
    public String toString() {
        return name;
    }
}
