package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.invalid;
import static io.adrelay.sandbox.apisync.ApisyncErrors.problem;
import static io.adrelay.sandbox.apisync.ApisyncErrors.required;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ad sets: bids and service configurations (Facebook needs geo_locations); the service is the campaign's. Ads are listed under one. */
final class AdSetsResource extends ApisyncResource {

    private final ApisyncStore store;

    AdSetsResource(ApisyncStore store) {
        super("ad-sets");
        this.store = store;
    }

    @Override
    Map<String, String> children() {
        return Map.of("ads", "ad_set");
    }

    /** Copied from the campaign, whatever the client sends. */
    @Override
    Set<String> readOnly() {
        return Set.of("service");
    }

    @Override
    void validate(ObjectNode a, ObjectNode links, List<ObjectNode> problems) {
        state(a, problems);
        if (!a.path("bids").isObject()) {
            problems.add(a.has("bids") ? invalid("bids", "bids is an object") : required("bids"));
        }
        JsonNode configurations = a.path("service_configurations");
        if (!configurations.isObject()) {
            problems.add(a.has("service_configurations")
                    ? invalid("service_configurations", "service_configurations is an object") : required("service_configurations"));
        }
        ApisyncEntry campaign = store.related("campaigns", links, "campaign", problems);
        if (campaign != null && "facebook-ads".equals(campaign.attribute("service"))
                && !configurations.path("geo_locations").isObject()) {
            problems.add(problem(422, "required", "Missing attribute",
                    "Facebook requires location targeting: service_configurations.geo_locations.", "service_configurations"));
        }
    }

    @Override
    void derive(ApisyncEntry target, Boolean wasAvailable) {
        target.attributes().put("service", store.parent("campaigns", target.relationships(), "campaign").attribute("service"));
    }
}
