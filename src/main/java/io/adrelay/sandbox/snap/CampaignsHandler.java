package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.ItemChecks.first;
import static io.adrelay.sandbox.snap.ItemChecks.oneOf;
import static io.adrelay.sandbox.snap.ItemChecks.required;
import static io.adrelay.sandbox.snap.ItemChecks.text;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Campaigns of an ad account; a Dynamic Product Ads campaign names its catalog in product_properties.catalog_id. */
final class CampaignsHandler extends BatchResource {

    static final Set<String> STATUSES = Set.of("ACTIVE", "PAUSED");

    CampaignsHandler(SnapStore store) {
        super(store, "campaigns", "campaign", "campaign", "campaign", Parent.AD_ACCOUNT);
    }

    @Override
    String problem(ObjectNode item) {
        return first(() -> required(item, "name"),
                () -> oneOf(item, "status", STATUSES),
                () -> required(item, "product_properties.catalog_id"),
                () -> store.collection("catalogs").containsKey(text(item, "product_properties.catalog_id")) ? null
                        : "VALIDATION_ERROR_CATALOG_NOT_FOUND: product_properties.catalog_id " + text(item, "product_properties.catalog_id")
                        + " names no catalog");
    }

    @Override
    void complete(ObjectNode campaign) {
        if (!campaign.hasNonNull("objective")) {
            campaign.put("objective", "BRAND_AWARENESS");
        }
    }
}
