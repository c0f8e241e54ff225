package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.problem;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/** APISync's records by type and id, oldest first, with strictly increasing creation times. Guarded by the simulator. */
final class ApisyncStore {

    private final Map<String, Map<String, ApisyncEntry>> tables = new LinkedHashMap<>();
    private long lastCreatedMs;

    void addType(String type) {
        tables.put(type, new LinkedHashMap<>());
    }

    boolean hasType(String type) {
        return tables.containsKey(type);
    }

    /** The records of a type by id; an unknown type is a programming error. */
    Map<String, ApisyncEntry> table(String type) {
        Map<String, ApisyncEntry> table = tables.get(type);
        if (table == null) {
            throw new IllegalArgumentException("Unknown type " + type + "; one of " + List.copyOf(tables.keySet()));
        }
        return table;
    }

    ApisyncEntry newEntry(String type, String id) {
        // strictly increasing creation times, so a cursor never skips or repeats a record
        long createdMs = Math.max(lastCreatedMs + 1, System.currentTimeMillis());
        lastCreatedMs = createdMs;
        ObjectNode r = SimResponse.JSON.createObjectNode();
        r.put("id", id);
        r.put("type", type);
        r.putObject("attributes").put("created_at", Instant.ofEpochMilli(createdMs).toString());
        r.putObject("relationships");
        return new ApisyncEntry(createdMs, r);
    }

    /** The parent a relationship names, adding a problem when it is missing or unknown. */
    ApisyncEntry related(String parentType, ObjectNode links, String relation, List<ObjectNode> problems) {
        String pointer = "/data/relationships/" + relation;
        JsonNode ref = links.path(relation).path("data");
        if (!ref.path("id").isTextual()) {
            problems.add(problem(422, "required", "Missing relationship",
                    relation + " is required: {\"data\": {\"type\": \"" + parentType + "\", \"id\": \"...\"}}.", pointer));
            return null;
        }
        if (ref.has("type") && !parentType.equals(ref.path("type").asText())) {
            problems.add(problem(422, "invalid", "Invalid relationship", relation + " has type " + parentType + ".", pointer));
            return null;
        }
        ApisyncEntry parent = table(parentType).get(ref.path("id").asText());
        if (parent == null) {
            problems.add(problem(422, "not_found", "Relationship not found",
                    parentType + " " + ref.path("id").asText() + " can't be found or we have no access to it.", pointer));
        }
        return parent;
    }

    /** The parent a valid relationship names. */
    ApisyncEntry parent(String parentType, ObjectNode links, String relation) {
        return table(parentType).get(links.path(relation).path("data").path("id").asText(""));
    }
}
