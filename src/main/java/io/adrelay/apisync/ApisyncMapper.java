package io.adrelay.apisync;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;

/**
 * Flat inbound records to JSON:API documents: {@code data: {type, attributes, relationships}}.
 * Budgets and geo targeting given flat move under {@code service_configurations}, where the
 * Configurations section of the spec puts them. Keys are sent in snake_case, as APISync requires,
 * however the record spelled them.
 */
final class ApisyncMapper {
    private static final List<String> CONFIGURATIONS = List.of("daily_budget", "geo_locations");

    private ApisyncMapper() {
    }

    /** A service configuration given either flat or under service_configurations; MissingNode when absent. */
    static JsonNode serviceConfiguration(JsonNode record, String key) {
        JsonNode nested = record.path("service_configurations").path(key);
        if (!nested.isMissingNode()) {
            return nested;
        }
        JsonNode flat = record.path(key);
        return flat.isNull() ? MissingNode.getInstance() : flat;
    }

    /** The JSON:API document for a record whose parent (if any) is already resolved to its APISync id. */
    static ObjectNode document(ApisyncResource resource, JsonNode record, String parentId) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("type", resource.path);
        ObjectNode attributes = (ObjectNode) ApisyncSnakeCaseKeys.normalize(record);
        attributes.remove("id");
        if (resource.parent != null) {
            attributes.remove(resource.parent);
        }
        ObjectNode configurations = attributes.has("service_configurations") && attributes.get("service_configurations").isObject()
                ? (ObjectNode) attributes.get("service_configurations") : Json.MAPPER.createObjectNode();
        for (String key : CONFIGURATIONS) {
            JsonNode flat = attributes.remove(key);
            if (flat != null && !flat.isNull()) {
                configurations.set(key, flat);
            }
        }
        if (!configurations.isEmpty() || resource == ApisyncResource.AD_SETS) {
            attributes.set("service_configurations", configurations);
        }
        if (resource == ApisyncResource.AD_SETS) {
            // read-only on ad sets: APISync copies it from the campaign
            attributes.remove("service");
        }
        if (resource == ApisyncResource.ADS && !attributes.has("service") && attributes.hasNonNull("ad_type")) {
            attributes.put("service", ApisyncValidator.SERVICE_OF_AD_TYPE.getOrDefault(attributes.get("ad_type").asText(), null));
        }
        data.set("attributes", attributes);
        if (resource.parent != null && parentId != null) {
            ObjectNode relation = data.putObject("relationships").putObject(resource.parent).putObject("data");
            relation.put("type", resource.parentType);
            relation.put("id", parentId);
        }
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.set("data", data);
        return document;
    }
}
