package io.adrelay.statlas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The webhook events Statlas sends, and what each must carry before it is accepted. */
final class StatlasEvents {

    static final String BATCH_CREATED = "batch.created";
    static final String BATCH_UPDATED = "batch.updated";
    static final String REVISION_REQUESTED = "revision.requested";
    static final Set<String> KNOWN = Set.of(BATCH_CREATED, BATCH_UPDATED, REVISION_REQUESTED);

    private StatlasEvents() {
    }

    /** Every problem of an event; unknown events need only a name (they are kept, not acted on). */
    static List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        if (event == null || !event.isObject()) {
            problems.add("the body must be a JSON object");
            return problems;
        }
        String name = event.path("event").isTextual() ? event.path("event").asText() : "";
        if (name.isBlank()) {
            problems.add(event.hasNonNull("event") && !event.path("event").isTextual() ? "event must be a string" : "event is required");
        }
        if (!KNOWN.contains(name)) {
            return problems;
        }
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            problems.add("data must be an object");
            return problems;
        }
        if (data.path("batch_id").asText("").isBlank()) {
            problems.add("data.batch_id is required");
        } else if (!data.path("batch_id").asText().matches("[A-Za-z0-9_-]+")) {
            problems.add("data.batch_id may hold only letters, digits, '-' and '_'");
        }
        if (data.path("shop").asText("").isBlank()) {
            problems.add("data.shop is required");
        }
        if (REVISION_REQUESTED.equals(name) && !(data.path("ad_no").canConvertToInt() && data.path("ad_no").asInt() >= 1)) {
            problems.add("data.ad_no must be a positive integer");
        }
        return problems;
    }
}
