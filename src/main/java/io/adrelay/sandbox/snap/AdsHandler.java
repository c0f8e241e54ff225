package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.ItemChecks.first;
import static io.adrelay.sandbox.snap.ItemChecks.oneOf;
import static io.adrelay.sandbox.snap.ItemChecks.required;
import static io.adrelay.sandbox.snap.ItemChecks.text;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Dynamic ads of an ad squad: a creative that shows the ad squad's product set, with the ad type its creative type makes. */
final class AdsHandler extends BatchResource {

    /** Creative type -> the ad type it makes. */
    private static final Map<String, String> AD_TYPES = Map.of("WEB_VIEW", "REMOTE_WEBPAGE", "APP_INSTALL", "APP_INSTALL", "DEEP_LINK", "DEEP_LINK");

    AdsHandler(SnapStore store) {
        super(store, "ads", "ad", "ad", "ad", Parent.AD_SQUAD);
    }

    @Override
    String problem(ObjectNode item) {
        ObjectNode adSquad = store.collection("adsquads").get(item.path("ad_squad_id").asText());
        String creativeId = item.path("creative_id").asText();
        ObjectNode creative = store.collection("creatives").get(creativeId);
        String adAccountId = store.collection("campaigns").get(adSquad.path("campaign_id").asText()).path("ad_account_id").asText();
        String squadSet = text(adSquad, "product_properties.product_set_id");
        return first(() -> required(item, "name"),
                () -> oneOf(item, "status", CampaignsHandler.STATUSES),
                () -> oneOf(item, "render_type", Set.of("DYNAMIC")),
                () -> oneOf(item, "type", Set.copyOf(AD_TYPES.values())),
                () -> required(item, "creative_id"),
                () -> creative != null && adAccountId.equals(creative.path("ad_account_id").asText()) ? null
                        : "VALIDATION_ERROR_CREATIVE_NOT_FOUND: creative_id " + creativeId + " names no creative of ad account " + adAccountId,
                () -> squadSet.equals(text(creative, "dynamic_render_properties.product_set_id")) ? null
                        : "VALIDATION_ERROR_PRODUCT_SET_MISMATCH: creative " + creativeId + " shows product set "
                        + text(creative, "dynamic_render_properties.product_set_id") + " but the ad squad's product_properties.product_set_id is "
                        + squadSet + "; they must be the same",
                () -> AD_TYPES.get(creative.path("type").asText()).equals(item.path("type").asText()) ? null
                        : "VALIDATION_ERROR_AD_TYPE_MISMATCH: type must be " + AD_TYPES.get(creative.path("type").asText()) + " for a "
                        + creative.path("type").asText() + " creative, not " + item.path("type").asText());
    }

    @Override
    void complete(ObjectNode ad) {
        ad.put("review_status", "PENDING_REVIEW");
    }
}
