package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.invalid;
import static io.adrelay.sandbox.apisync.ApisyncErrors.required;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One APISync resource type: which requests it takes, the records listed under one of it, and
 * what a valid record holds. ApisyncSimulator does the JSON:API part common to all of them.
 * A new resource is a subclass and one line in ApisyncSimulator's list.
 */
abstract class ApisyncResource {

    private static final Set<String> STATES = Set.of("active", "paused", "removed");

    private final String type;

    protected ApisyncResource(String type) {
        this.type = type;
    }

    /** The type, also the path: inventory-items, campaigns... */
    final String type() {
        return type;
    }

    /** Whether clients create and update it (ad accounts are read-only). */
    boolean writable() {
        return true;
    }

    /** The method that updates one record: PUT or PATCH. */
    String updateMethod() {
        return "PUT";
    }

    /** Whether GET /<type> lists every record. */
    boolean listable() {
        return true;
    }

    /** The types listed under one record (GET /<type>/{id}/<child>), each with the relationship naming its parent. */
    Map<String, String> children() {
        return Map.of();
    }

    /** Attributes APISync sets itself for this type, ignored when a client sends them. */
    Set<String> readOnly() {
        return Set.of();
    }

    /** The record a POST without a matching reference_id upserts, or null. */
    ApisyncEntry duplicateOf(ObjectNode attributes) {
        return null;
    }

    /** Problems of changing a stored record this way (post: an upsert). */
    void checkChange(boolean post, ApisyncEntry existing, ObjectNode changes, ObjectNode links, List<ObjectNode> problems) {
    }

    /** Problems of the record as it would be stored: merged attributes and relationships. */
    abstract void validate(ObjectNode attributes, ObjectNode links, List<ObjectNode> problems);

    /** Sets the attributes APISync computes; wasAvailable is the stored record's "available", or null. */
    void derive(ApisyncEntry target, Boolean wasAvailable) {
    }

    static void state(ObjectNode a, List<ObjectNode> problems) {
        if (!a.has("state")) {
            problems.add(required("state"));
        } else if (!STATES.contains(a.path("state").asText())) {
            problems.add(invalid("state", "state is active, paused or removed"));
        }
    }
}
