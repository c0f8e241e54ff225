package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.ItemChecks.first;
import static io.adrelay.sandbox.snap.ItemChecks.oneOf;
import static io.adrelay.sandbox.snap.ItemChecks.required;
import static io.adrelay.sandbox.snap.ItemChecks.text;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dynamic creatives of an ad account: a template of the same ad account and a product set that has
 * products (its filter evaluated over what the uploads loaded into its catalog, as the facets count).
 */
final class CreativesHandler extends BatchResource {

    static final Set<String> TYPES = Set.of("WEB_VIEW", "APP_INSTALL", "DEEP_LINK");

    CreativesHandler(SnapStore store) {
        super(store, "creatives", "creative", "creative", "creative", Parent.AD_ACCOUNT);
    }

    @Override
    String problem(ObjectNode item) {
        String adAccountId = item.path("ad_account_id").asText();
        String templateId = text(item, "dynamic_render_properties.dynamic_template_id");
        String setId = text(item, "dynamic_render_properties.product_set_id");
        ObjectNode template = store.collection("dynamic_templates").get(templateId);
        ObjectNode set = store.collection("product_sets").get(setId);
        return first(() -> required(item, "name"),
                () -> required(item, "headline"),
                () -> required(item, "brand_name"),
                () -> oneOf(item, "render_type", Set.of("DYNAMIC")),
                () -> oneOf(item, "type", TYPES),
                () -> required(item, "dynamic_render_properties.dynamic_template_id"),
                () -> template != null && adAccountId.equals(template.path("ad_account_id").asText()) ? null
                        : "VALIDATION_ERROR_DYNAMIC_TEMPLATE_NOT_FOUND: dynamic_render_properties.dynamic_template_id " + templateId
                        + " names no dynamic template of ad account " + adAccountId,
                () -> required(item, "dynamic_render_properties.product_set_id"),
                () -> set == null ? "VALIDATION_ERROR_PRODUCT_SET_NOT_FOUND: dynamic_render_properties.product_set_id " + setId
                        + " names no product set" : null,
                () -> ProductSetFilter.select(store, set.path("catalog_id").asText(), set.path("filter")).isEmpty()
                        ? "VALIDATION_ERROR_PRODUCT_SET_HAS_NO_PRODUCTS: dynamic_render_properties.product_set_id " + setId
                        + ": the product set has no products (Product Set must have products; upload a feed whose products its filter selects)"
                        : null,
                () -> measurementProblem(item, adAccountId));
    }

    @Override
    void complete(ObjectNode creative) {
        creative.put("review_status", "PENDING_REVIEW").put("packaging_status", "SUCCESS").put("ad_product", "SNAP_AD");
    }

    /**
     * APP_INSTALL and DEEP_LINK need a campaign with a measurement_spec. A creative names no campaign,
     * so, kept simple, some campaign of the ad account must have one.
     */
    private String measurementProblem(ObjectNode item, String adAccountId) {
        String type = item.path("type").asText();
        return type.equals("WEB_VIEW") || store.where("campaigns", "ad_account_id", adAccountId).stream().anyMatch(c -> c.has("measurement_spec"))
                ? null : "VALIDATION_ERROR_MEASUREMENT_SPEC_REQUIRED: type " + type + " needs a campaign of ad account " + adAccountId
                + " with a measurement_spec";
    }
}
