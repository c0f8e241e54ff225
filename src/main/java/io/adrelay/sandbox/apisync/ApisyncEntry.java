package io.adrelay.sandbox.apisync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored resource (id, type, attributes, relationships) and its creation time, the pagination cursor. */
record ApisyncEntry(long createdMs, ObjectNode resource) {

    ObjectNode attributes() {
        return (ObjectNode) resource.path("attributes");
    }

    ObjectNode relationships() {
        return (ObjectNode) resource.path("relationships");
    }

    String attribute(String name) {
        return attributes().path(name).asText(null);
    }

    String id() {
        return resource.path("id").asText();
    }
}
