package io.adrelay.snap.dpa;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;

/**
 * The bodies Snap is sent for each declared object, with the names resolved to Snap ids. The record
 * components carry the spec's field names; what adrelay adds to the spec (use case, names of product sets,
 * templates and creatives, the children) is replaced by the ids Snap expects.
 */
final class DpaBodies {

    /** Records as Snap's JSON: snake_case names, nothing for what is not declared. */
    private static final ObjectMapper SNAKE_CASE = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);

    private DpaBodies() {
    }

    static ObjectNode template(String adAccountId, DpaDeclaration.DynamicTemplate template) {
        return SNAKE_CASE.<ObjectNode>valueToTree(template).put("ad_account_id", adAccountId);
    }

    static ObjectNode campaign(String adAccountId, DpaDeclaration.Campaign campaign, String catalogId) {
        ObjectNode body = SNAKE_CASE.valueToTree(campaign);
        body.remove(List.of("catalog", "status", "ad_squads", "creatives"));
        body.put("ad_account_id", adAccountId).putObject("product_properties").put("catalog_id", catalogId);
        return body;
    }

    /** {@code setIds} resolves the names of the campaign catalog's product sets (the ad squad's and its audiences'). */
    static ObjectNode adSquad(String campaignId, DpaDeclaration.AdSquad squad, Function<String, String> setIds) {
        ObjectNode body = SNAKE_CASE.valueToTree(squad);
        body.remove(List.of("use_case", "product_set", "status", "targeting", "ads"));
        body.put("campaign_id", campaignId).putObject("product_properties").put("product_set_id", setIds.apply(squad.productSet()));
        ObjectNode targeting = body.putObject("targeting");
        if (squad.targeting() != null) {
            squad.targeting().otherFields().forEach(targeting::set);
            if (squad.targeting().productAudiences() != null && !squad.targeting().productAudiences().isEmpty()) {
                ArrayNode audiences = targeting.putArray("product_audiences");
                squad.targeting().productAudiences().forEach(audience -> {
                    ObjectNode one = SNAKE_CASE.valueToTree(audience);
                    audiences.add(one.put("product_set", setIds.apply(audience.productSet())));
                });
            }
        }
        return body;
    }

    static ObjectNode creative(String adAccountId, DpaDeclaration.Creative creative, String templateId, String productSetId) {
        ObjectNode body = SNAKE_CASE.valueToTree(creative);
        body.remove(List.of("template", "product_set"));
        body.put("ad_account_id", adAccountId).put("render_type", "DYNAMIC").putObject("dynamic_render_properties")
                .put("dynamic_template_id", templateId).put("product_set_id", productSetId);
        return body;
    }

    static ObjectNode ad(String adSquadId, DpaDeclaration.Ad ad, DpaDeclaration.Creative creative, String creativeId) {
        return Json.MAPPER.createObjectNode().put("name", ad.name()).put("ad_squad_id", adSquadId).put("creative_id", creativeId)
                .put("type", creative.adType()).put("render_type", "DYNAMIC");
    }
}
