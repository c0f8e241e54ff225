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
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/** Catalogs of an organization: list, create (10 per batch, 200 per organization), update; one read or delete. */
final class CatalogsHandler implements SnapResource {

    private static final Set<String> VERTICALS = Set.of("UNKNOWN_VERTICAL", "COMMERCE", "HOTELS", "PLACES", "FLIGHTS");

    private final SnapStore store;
    private final Map<String, ObjectNode> catalogs;

    CatalogsHandler(SnapStore store) {
        this.store = store;
        this.catalogs = store.collection("catalogs");
    }

    @Override
    public void register(SnapRouter router) {
        router.id("organization", "CAT_VALIDATION_ERROR_ORGANIZATION_ID_INVALID", "organization", null, null)
                .id("catalog", "CAT_VALIDATION_ERROR_CATALOG_ID_INVALID", "catalog", "catalog", catalogs)
                .on("GET", "organizations/{organization}/catalogs",
                        call -> page(call, "catalogs", "catalog", store.where("catalogs", "organization_id", call.id("organization"))))
                .on("POST", "organizations/{organization}/catalogs", call -> create(call.id("organization"), call))
                .on("PUT", "organizations/{organization}/catalogs", this::update)
                .on("GET", "catalogs/{catalog}", call -> read("catalogs", "catalog", List.of(call.entity("catalog"))))
                .on("DELETE", "catalogs/{catalog}", call -> {
                    catalogs.remove(call.id("catalog"));
                    return deleted("catalogs");
                });
    }

    private SimResponse create(String org, SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "catalogs");
        if (items == null) {
            return malformed("catalogs");
        }
        if (items.size() > 10) {
            return fail(400, "CAT_VALIDATION_ERROR_TOO_MANY_CATALOGS_IN_BATCH", "at most 10 catalogs per batch");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("name").asText("");
            String problem = name.isEmpty() ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: name is required"
                    : name.length() > 375 ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE: name is longer than 375 characters"
                    : !VERTICALS.contains(item.path("vertical").asText()) ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: vertical must be one of " + VERTICALS
                    : !org.equals(item.path("organization_id").asText()) ? "CAT_VALIDATION_ERROR_ORGANIZATION_ID_INVALID: organization_id differs from the path"
                    : store.where("catalogs", "organization_id", org).size() >= 200
                    ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: an organization holds at most 200 catalogs" : null;
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode catalog = entity().put("name", name).put("organization_id", org).put("vertical", item.path("vertical").asText())
                    .put("source", "FEED").put("default_product_set_id", UUID.randomUUID().toString());
            if (item.has("event_sources")) {
                catalog.set("event_sources", item.get("event_sources"));
            }
            catalogs.put(catalog.path("id").asText(), catalog);
            results.add(catalog);
        }
        return batch("catalogs", "catalog", results);
    }

    private SimResponse update(SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "catalogs");
        if (items == null) {
            return malformed("catalogs");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode catalog = catalogs.get(item.path("id").asText());
            if (catalog == null) {
                results.add("NOT_FOUND: catalog " + item.path("id").asText() + " not found");
                continue;
            }
            if (item.hasNonNull("name")) {
                catalog.put("name", item.path("name").asText());
            }
            if (item.has("event_sources")) {
                catalog.set("event_sources", item.get("event_sources"));
            }
            results.add(touched(catalog));
        }
        return batch("catalogs", "catalog", results);
    }
}
