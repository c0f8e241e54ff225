package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.ItemChecks.at;
import static io.adrelay.sandbox.snap.ItemChecks.first;
import static io.adrelay.sandbox.snap.ItemChecks.oneOf;
import static io.adrelay.sandbox.snap.ItemChecks.optionalOneOf;
import static io.adrelay.sandbox.snap.ItemChecks.range;
import static io.adrelay.sandbox.snap.ItemChecks.required;
import static io.adrelay.sandbox.snap.ItemChecks.requiredObject;
import static io.adrelay.sandbox.snap.ItemChecks.text;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ad squads of a campaign, checked against the "Create the Ad Squad" table: bid, budget and delivery
 * constraint, a product set of the campaign's catalog, and the product audiences. A retargeting ad
 * squad (a product audience with operation INCLUDE) needs a pixel and audiences on its own product set.
 */
final class AdSquadsHandler extends BatchResource {

    private static final Set<String> BID_STRATEGIES = Set.of("AUTO_BID", "LOWEST_COST_WITH_MAX_BID", "MIN_ROAS", "TARGET_COST");
    /** The strategies that bid: they need bid_micro. */
    private static final Set<String> BIDDING = Set.of("LOWEST_COST_WITH_MAX_BID", "TARGET_COST");
    private static final Set<String> PROSPECTING_GOALS = Set.of("IMPRESSIONS", "SWIPES", "APP_INSTALLS", "VIDEO_VIEWS", "VIDEO_VIEWS_15_SEC",
            "PIXEL_PAGE_VIEW", "PIXEL_ADD_TO_CART", "PIXEL_PURCHASE", "PIXEL_SIGNUP", "APP_ADD_TO_CART", "APP_PURCHASE", "APP_SIGNUP");
    private static final Set<String> RETARGETING_GOALS = Set.of("PIXEL_PURCHASE", "PIXEL_PAGE_VIEW", "PIXEL_ADD_TO_CART", "APP_PURCHASE",
            "APP_SIGN_UP", "APP_ADD_TO_CART", "SWIPES");
    private static final Set<String> EVENT_TYPES = Set.of("PAGE_VIEW", "VIEW_CONTENT", "ADD_CART", "PURCHASE");
    private static final Set<String> OPERATIONS = Set.of("INCLUDE", "EXCLUDE");
    private static final long MAX_BID = 1_000_000_000L;

    AdSquadsHandler(SnapStore store) {
        super(store, "adsquads", "adsquad", "adsquad", "ad squad", Parent.CAMPAIGN);
    }

    @Override
    String problem(ObjectNode item) {
        boolean daily = item.has("daily_budget_micro");
        return first(() -> required(item, "name"),
                () -> oneOf(item, "type", Set.of("SNAP_ADS")),
                () -> oneOf(item, "billing_event", Set.of("IMPRESSION")),
                () -> oneOf(item, "status", CampaignsHandler.STATUSES),
                () -> oneOf(item, "bid_strategy", BID_STRATEGIES),
                () -> BIDDING.contains(item.path("bid_strategy").asText()) || item.has("bid_micro")
                        ? range(item, "bid_micro", 10_000, MAX_BID, "VALIDATION_ERROR_BID_MICRO_OUT_OF_RANGE") : null,
                () -> item.path("bid_strategy").asText().equals("MIN_ROAS")
                        ? range(item, "roas_value_micro", 1, Long.MAX_VALUE, "VALIDATION_ERROR_ROAS_VALUE_MICRO_OUT_OF_RANGE") : null,
                () -> daily == item.has("lifetime_budget_micro")
                        ? "VALIDATION_ERROR_BUDGET_INVALID: exactly one of daily_budget_micro and lifetime_budget_micro must be set" : null,
                () -> daily ? range(item, "daily_budget_micro", 5_000_000, Long.MAX_VALUE, "VALIDATION_ERROR_DAILY_BUDGET_MICRO_TOO_LOW")
                        : range(item, "lifetime_budget_micro", 1, Long.MAX_VALUE, "VALIDATION_ERROR_LIFETIME_BUDGET_MICRO_TOO_LOW"),
                () -> deliveryConstraintProblem(item, daily),
                () -> optionalOneOf(item, "pacing_type", Set.of("STANDARD", "ACCELERATED")),
                () -> requiredObject(item, "placement_v2"),
                () -> requiredObject(item, "targeting"),
                () -> productSetProblem(item),
                () -> audiencesProblem(item),
                () -> goalProblem(item));
    }

    @Override
    void complete(ObjectNode adSquad) {
        ObjectNode set = store.collection("product_sets").get(text(adSquad, "product_properties.product_set_id"));
        ObjectNode catalog = store.collection("catalogs").get(set.path("catalog_id").asText());
        adSquad.withObjectProperty("product_properties").put("catalog_vertical", catalog == null ? "COMMERCE" : catalog.path("vertical").asText());
        adSquad.put("targeting_reach_status", "VALID");
    }

    /** The spec lists the goals of prospecting and of retargeting ad squads apart. */
    private static String goalProblem(ObjectNode item) {
        boolean retargeting = retargeting(item);
        String problem = oneOf(item, "optimization_goal", retargeting ? RETARGETING_GOALS : PROSPECTING_GOALS);
        return problem == null ? null : problem.replaceFirst(" must be", " of a " + (retargeting ? "retargeting" : "prospecting") + " ad squad must be");
    }

    private static String deliveryConstraintProblem(ObjectNode item, boolean daily) {
        String wanted = daily ? "DAILY_BUDGET" : "LIFETIME_BUDGET";
        return wanted.equals(item.path("delivery_constraint").asText()) ? null
                : "VALIDATION_ERROR_DELIVERY_CONSTRAINT_MISMATCH: delivery_constraint must be " + wanted + " with "
                + (daily ? "daily_budget_micro" : "lifetime_budget_micro") + ", not '" + item.path("delivery_constraint").asText() + "'";
    }

    /** The ad squad's product set must exist and belong to the campaign's catalog. */
    private String productSetProblem(ObjectNode item) {
        String setId = text(item, "product_properties.product_set_id");
        ObjectNode set = store.collection("product_sets").get(setId);
        String catalogId = text(store.collection("campaigns").get(item.path("campaign_id").asText()), "product_properties.catalog_id");
        return first(() -> required(item, "product_properties.product_set_id"),
                () -> set == null ? "VALIDATION_ERROR_PRODUCT_SET_NOT_FOUND: product_properties.product_set_id " + setId + " names no product set" : null,
                () -> catalogId.equals(set.path("catalog_id").asText()) ? null
                        : "VALIDATION_ERROR_PRODUCT_SET_NOT_IN_CAMPAIGN_CATALOG: product_properties.product_set_id " + setId
                        + " is a set of catalog " + set.path("catalog_id").asText() + ", not of the campaign's catalog " + catalogId);
    }

    private String audiencesProblem(ObjectNode item) {
        JsonNode audiences = at(item, "targeting.product_audiences");
        if (audiences.isMissingNode()) {
            return null;
        }
        if (!audiences.isArray()) {
            return "VALIDATION_ERROR_INVALID_PRODUCT_AUDIENCES: targeting.product_audiences is a list";
        }
        String setId = text(item, "product_properties.product_set_id");
        boolean retargeting = retargeting(item);
        for (int i = 0; i < audiences.size(); i++) {
            JsonNode audience = audiences.get(i);
            String at = "targeting.product_audiences[" + i + "].";
            String problem = first(() -> oneOf(audience, "event_type", EVENT_TYPES),
                    () -> oneOf(audience, "operation", OPERATIONS),
                    () -> range(audience, "retention_seconds", 86_400, 2_592_000, "VALIDATION_ERROR_RETENTION_SECONDS_OUT_OF_RANGE"),
                    () -> store.collection("product_sets").containsKey(audience.path("product_set").asText()) ? null
                            : "VALIDATION_ERROR_PRODUCT_SET_NOT_FOUND: product_set " + audience.path("product_set").asText() + " names no product set",
                    () -> !retargeting || setId.equals(audience.path("product_set").asText()) ? null
                            : "VALIDATION_ERROR_RETARGETING_PRODUCT_SET_MISMATCH: product_set must equal the ad squad's"
                            + " product_properties.product_set_id " + setId + " in a retargeting ad squad, not " + audience.path("product_set").asText());
            if (problem != null) {
                return problem.replaceFirst(": ", ": " + at);
            }
        }
        return retargeting && item.path("pixel_id").asText().isEmpty()
                ? "VALIDATION_ERROR_RETARGETING_NEEDS_PIXEL: pixel_id is required in a retargeting ad squad (a product audience with operation INCLUDE)"
                : null;
    }

    private static boolean retargeting(ObjectNode item) {
        for (JsonNode audience : at(item, "targeting.product_audiences")) {
            if ("INCLUDE".equals(audience.path("operation").asText())) {
                return true;
            }
        }
        return false;
    }
}
