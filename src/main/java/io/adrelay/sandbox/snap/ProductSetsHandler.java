package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.batch;
import static io.adrelay.sandbox.snap.SnapEnvelope.deleted;
import static io.adrelay.sandbox.snap.SnapEnvelope.entity;
import static io.adrelay.sandbox.snap.SnapEnvelope.fail;
import static io.adrelay.sandbox.snap.SnapEnvelope.items;
import static io.adrelay.sandbox.snap.SnapEnvelope.malformed;
import static io.adrelay.sandbox.snap.SnapEnvelope.page;
import static io.adrelay.sandbox.snap.SnapEnvelope.read;
import static io.adrelay.sandbox.snap.SnapEnvelope.touched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/** Product sets of a catalog: 50 per batch and 50 per catalog, each with a filter the spec allows. */
final class ProductSetsHandler implements SnapResource {

    private final SnapStore store;
    private final Map<String, ObjectNode> sets;

    ProductSetsHandler(SnapStore store) {
        this.store = store;
        this.sets = store.collection("product_sets");
    }

    @Override
    public void register(SnapRouter router) {
        router.id("set", "CAT_VALIDATION_ERROR_PRODUCT_SET_ID_INVALID", "product set", "product set", sets)
                .on("GET", "catalogs/{catalog}/product_sets",
                        call -> page(call, "product_sets", "product_set", store.where("product_sets", "catalog_id", call.id("catalog"))))
                .on("POST", "catalogs/{catalog}/product_sets", call -> create(call.id("catalog"), call))
                .on("PUT", "catalogs/{catalog}/product_sets", this::update)
                .on("PUT", "product_sets", this::update)
                .on("GET", "product_sets/{set}", call -> read("product_sets", "product_set", List.of(call.entity("set"))))
                .on("DELETE", "product_sets/{set}", call -> {
                    sets.remove(call.id("set"));
                    return deleted("product_sets");
                });
    }

    private SimResponse create(String catalogId, SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "product_sets");
        if (items == null) {
            return malformed("product_sets");
        }
        if (items.size() > 50) {
            return fail(400, "CAT_VALIDATION_ERROR_TOO_MANY_PRODUCT_SETS_IN_BATCH", "at most 50 product sets per batch");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String problem = ProductSetFilter.problem(item);
            if (problem == null && store.where("product_sets", "catalog_id", catalogId).size() >= 50) {
                problem = "CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_COUNT_FOR_CATALOG_REACHED: a catalog holds at most 50 product sets";
            }
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode set = entity().put("catalog_id", catalogId).put("name", item.path("name").asText());
            set.set("filter", item.get("filter"));
            sets.put(set.path("id").asText(), set);
            results.add(set);
        }
        return batch("product_sets", "product_set", results);
    }

    private SimResponse update(SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "product_sets");
        if (items == null) {
            return malformed("product_sets");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode set = sets.get(item.path("id").asText());
            String problem = set == null ? "NOT_FOUND: product set " + item.path("id").asText() + " not found" : ProductSetFilter.problem(item);
            if (problem != null) {
                results.add(problem);
                continue;
            }
            set.put("name", item.path("name").asText()).set("filter", item.get("filter"));
            results.add(touched(set));
        }
        return batch("product_sets", "product_set", results);
    }
}
