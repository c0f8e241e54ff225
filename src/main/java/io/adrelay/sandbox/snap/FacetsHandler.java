package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.envelope;
import static io.adrelay.sandbox.snap.SnapEnvelope.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/** A catalog's facets: the products its feeds loaded, optionally filtered, counted per value of each asked property. */
final class FacetsHandler implements SnapResource {

    private static final Set<String> FACETS = Set.of("AGE_GROUP", "AVAILABILITY", "BRAND", "COLOR", "CONDITION", "CUSTOM_LABEL_0",
            "CUSTOM_LABEL_1", "CUSTOM_LABEL_2", "CUSTOM_LABEL_3", "CUSTOM_LABEL_4", "GENDER", "GOOGLE_PRODUCT_CATEGORY",
            "ITEM_GROUP_ID", "MATERIAL", "PATTERN", "PRICE_CURRENCY", "PRODUCT_TYPE", "SIZE");

    private final SnapStore store;

    FacetsHandler(SnapStore store) {
        this.store = store;
    }

    @Override
    public void register(SnapRouter router) {
        router.on("POST", "catalogs/{catalog}/facets", this::facets);
    }

    private SimResponse facets(SnapRouter.Call call) {
        int limit;
        try {
            limit = call.request().query("limit") == null ? 50 : Integer.parseInt(call.request().query("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 50) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", "limit must be 1 to 50");
        }
        JsonNode body = SnapEnvelope.json(call.request());
        if (body == null || !body.path("facets").isArray() || body.path("facets").isEmpty()) {
            return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_NULL", "facets is required");
        }
        List<Map<String, String>> matching = ProductSetFilter.select(store, call.id("catalog"), body.path("filter"));
        ObjectNode answer = envelope("SUCCESS");
        answer.putObject("summary").putObject("total_products").put("count", String.valueOf(matching.size())).put("relation", "EQ");
        ArrayNode facets = answer.putArray("facets");
        for (JsonNode facet : body.path("facets")) {
            String property = facet.path("property").asText();
            if (!FACETS.contains(property)) {
                return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED", "cannot group by " + property);
            }
            Map<String, Integer> counts = new HashMap<>();
            matching.forEach(p -> {
                String value = ProductSetFilter.value(p, property);
                if (!value.isEmpty()) {
                    counts.merge(value, 1, Integer::sum);
                }
            });
            ObjectNode out = facets.addObject();
            out.putObject("facet").put("property", property);
            ArrayNode values = out.putArray("values");
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit).forEach(e -> values.addObject().put("name", e.getKey()).put("count", String.valueOf(e.getValue())));
        }
        return SimResponse.json(200, answer);
    }
}
