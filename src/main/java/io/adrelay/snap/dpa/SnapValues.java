package io.adrelay.snap.dpa;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Comparing what Snap holds with what is declared. */
final class SnapValues {

    private SnapValues() {
    }

    /**
     * Whether Snap's object holds every declared value: objects by their declared fields (Snap adds its own,
     * e.g. created_at or targeting defaults), lists element by element, values by their text (Snap answers
     * 50000000 for "50000000"), times by the instant they name.
     */
    static boolean holds(JsonNode actual, JsonNode wanted) {
        if (wanted.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!holds(actual.path(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isArray()) {
            if (!actual.isArray() || actual.size() != wanted.size()) {
                return false;
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!holds(actual.get(i), wanted.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return actual.isValueNode() && (actual.asText().equals(wanted.asText()) || sameInstant(actual.asText(), wanted.asText()));
    }

    /** Times written two ways (2026-12-01T00:00:00Z and ...00.000Z) are the same time. */
    private static boolean sameInstant(String actual, String wanted) {
        if (wanted.length() < 20 || wanted.charAt(10) != 'T') {
            return false;
        }
        try {
            return Instant.parse(actual).equals(Instant.parse(wanted));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
