package io.adrelay.apisync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inbound records, from a webhook body or a dropped file: one record or an array, keys in
 * snake_case whatever their spelling ({@link ApisyncSnakeCaseKeys}), and every problem of each.
 */
final class ApisyncInbound {

    private ApisyncInbound() {
    }

    /** Records of a JSON body: an object is one record, an array many; keys in snake_case. Throws on anything else. */
    static List<JsonNode> records(JsonNode root) {
        List<JsonNode> records = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(record -> records.add(ApisyncSnakeCaseKeys.normalize(record)));
        } else if (root != null && root.isObject()) {
            records.add(ApisyncSnakeCaseKeys.normalize(root));
        } else {
            throw new IllegalArgumentException("the body must be a JSON object or an array of objects");
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the array holds no record");
        }
        return records;
    }

    /** One entry per invalid record: its index, reference_id and every problem; empty when all are valid. */
    static List<Map<String, Object>> problems(ApisyncResource resource, List<JsonNode> records) {
        List<Map<String, Object>> invalid = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            List<String> problems = ApisyncValidator.validate(resource, records.get(i));
            if (!problems.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", i);
                entry.put("reference_id", ApisyncValidator.text(ApisyncSnakeCaseKeys.normalize(records.get(i)), "reference_id"));
                entry.put("problems", problems);
                invalid.add(entry);
            }
        }
        return invalid;
    }

    /** The problems as lines, for a file's reason: "record 3 (ref-3): price.amount can't be 0". */
    static List<String> lines(List<Map<String, Object>> invalid) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> entry : invalid) {
            String who = "record " + entry.get("index") + (entry.get("reference_id") == null ? "" : " (" + entry.get("reference_id") + ")");
            for (Object problem : (List<?>) entry.get("problems")) {
                lines.add(who + ": " + problem);
            }
        }
        return lines;
    }
}
