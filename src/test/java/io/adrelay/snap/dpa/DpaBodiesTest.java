package io.adrelay.snap.dpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

/** The bodies sent to Snap carry the spec's fields, with the declaration's names resolved to Snap ids. */
class DpaBodiesTest {

    static final DpaDeclaration DECLARATION = DpaDeclaration.read(DpaFixtures.VALID, DpaDeclarationCheckTest.CATALOGS);
    static final DpaDeclaration.AdAccount ACCOUNT = DECLARATION.adAccounts().get(0);
    static final DpaDeclaration.Campaign CAMPAIGN = ACCOUNT.campaigns().get(0);
    static final Map<String, String> SET_IDS = Map.of("In stock", "set-in-stock", "Acme or Globex under 50", "set-brands");

    @Test
    void aTemplateIsTheSpecsTemplateOfItsAdAccount() throws Exception {
        ObjectNode body = DpaBodies.template(ACCOUNT.adAccountId(), ACCOUNT.dynamicTemplates().get(0));

        assertEquals(Json.MAPPER.readTree("""
                {"name": "Framed", "ios_url": "%1$s", "android_url": "%1$s", "layout": "FILL_WIDTH", "text_fields": ["title", "price"],
                 "background_color": "FFFF00", "preferred_image_tags": ["x", "y"],
                 "overlay_specs": [
                   {"type": "IMAGE", "media_id": "e292db69-139f-41fb-b79b-4cb7ab2e9840", "position": "BOTTOM_LEFT"},
                   {"type": "FRAME", "media_id": "e8aa0151-9a6f-48a0-bcaa-82fc4f714161", "position": "CENTER", "opacity": 80},
                   {"type": "TEXT", "text": "meow meow", "position": "BOTTOM_RIGHT", "opacity": 80,
                    "text_overlay_properties": {"shape": "CIRCLE", "shape_color": "09C", "text_color": "4287F5"}}],
                 "ad_account_id": "%2$s"}""".formatted(DpaDeclaration.TEMPLATE_URL, ACCOUNT.adAccountId())).toString(), body.toString());
    }

    @Test
    void aCampaignNamesItsCatalogBySnapIdAndLeavesAnUndeclaredStatusOut() {
        ObjectNode body = DpaBodies.campaign(ACCOUNT.adAccountId(), CAMPAIGN, "catalog-1");

        assertEquals("catalog-1", body.path("product_properties").path("catalog_id").asText());
        assertEquals(100_000_000_000L, body.path("daily_budget_micro").asLong());
        assertEquals("2026-12-01T17:12:49.707Z", body.path("start_time").asText());
        assertFalse(body.has("status"), "created PAUSED, then left as it is at Snap");
        assertFalse(body.has("catalog") || body.has("ad_squads") || body.has("creatives"), body.toString());
    }

    @Test
    void anAdSquadCarriesItsProductSetAndAudiencesBySnapId() {
        DpaDeclaration.AdSquad retargeting = CAMPAIGN.adSquads().get(1);
        ObjectNode body = DpaBodies.adSquad("campaign-1", retargeting, SET_IDS::get);

        assertEquals("campaign-1", body.path("campaign_id").asText());
        assertEquals("set-brands", body.path("product_properties").path("product_set_id").asText());
        JsonNode audiences = body.path("targeting").path("product_audiences");
        assertEquals(2, audiences.size());
        audiences.forEach(a -> assertEquals("set-brands", a.path("product_set").asText()));
        assertEquals(2_592_000, audiences.get(0).path("retention_seconds").asInt());
        assertEquals("us", body.path("targeting").path("geos").get(0).path("country_code").asText(), "targeting kept as written");
        assertEquals("TARGET_COST", body.path("bid_strategy").asText());
        assertEquals(1_000_000, body.path("bid_micro").asLong());
        assertEquals("IMPRESSION", body.path("billing_event").asText());
        assertEquals("SNAP_ADS", body.path("type").asText());
        assertEquals("DAILY_BUDGET", body.path("delivery_constraint").asText());
        assertEquals("9315b2c2-3680-411d-b6c1-d17de25fc1e0", body.path("pixel_id").asText());
        assertEquals("AUTOMATIC", body.path("placement_v2").path("config").asText());
        for (String adrelayOnly : new String[] {"use_case", "product_set", "ads", "status"}) {
            assertFalse(body.has(adrelayOnly), adrelayOnly + " in " + body);
        }
    }

    @Test
    void aCreativeIsDynamicOnItsTemplateAndProductSet() {
        ObjectNode body = DpaBodies.creative(ACCOUNT.adAccountId(), CAMPAIGN.creatives().get(0), "template-1", "set-in-stock");

        assertEquals("DYNAMIC", body.path("render_type").asText());
        assertEquals("WEB_VIEW", body.path("type").asText());
        assertEquals("template-1", body.path("dynamic_render_properties").path("dynamic_template_id").asText());
        assertEquals("set-in-stock", body.path("dynamic_render_properties").path("product_set_id").asText());
        assertEquals("utm_campaign=adset.name&utm_content=ad.id", body.path("url_macro_parameters").asText());
        assertEquals("SHOP_NOW", body.path("call_to_action").asText());
        assertFalse(body.has("template") || body.has("product_set") || body.has("ad_type"), body.toString());
    }

    @Test
    void anAdOfAWebViewCreativeIsARemoteWebpage() {
        DpaDeclaration.Ad ad = CAMPAIGN.adSquads().get(0).ads().get(0);
        ObjectNode body = DpaBodies.ad("squad-1", ad, CAMPAIGN.creatives().get(0), "creative-1");

        assertEquals(Json.MAPPER.createObjectNode().put("name", "Prospecting ad").put("ad_squad_id", "squad-1")
                .put("creative_id", "creative-1").put("type", "REMOTE_WEBPAGE").put("render_type", "DYNAMIC"), body);
    }

    @Test
    void snapHoldsWhatIsDeclaredWhateverItAddsAndHowItWritesNumbers() throws Exception {
        JsonNode wanted = Json.MAPPER.readTree("{\"daily_budget_micro\": \"50000000\", \"targeting\": {\"geos\": [{\"country_code\": \"us\"}]}}");

        assertTrue(SnapValues.holds(Json.MAPPER.readTree("""
                {"id": "x", "daily_budget_micro": 50000000, "targeting": {"geos": [{"country_code": "us"}], "regulated_content": false}}"""),
                wanted));
        assertFalse(SnapValues.holds(Json.MAPPER.readTree("{\"daily_budget_micro\": 60000000, \"targeting\": {\"geos\": [{\"country_code\": \"us\"}]}}"),
                wanted), "a changed budget");
        assertFalse(SnapValues.holds(Json.MAPPER.readTree("{\"daily_budget_micro\": 50000000, \"targeting\": {\"geos\": []}}"), wanted),
                "a list of another length");
        assertFalse(SnapValues.holds(Json.MAPPER.readTree("{\"targeting\": {\"geos\": [{\"country_code\": \"us\"}]}}"), wanted),
                "a declared field Snap lacks");
        JsonNode start = Json.MAPPER.createObjectNode().put("start_time", "2026-12-01T00:00:00.000Z");
        assertTrue(SnapValues.holds(Json.MAPPER.createObjectNode().put("start_time", "2026-12-01T00:00:00Z"), start), "the same time");
        assertFalse(SnapValues.holds(Json.MAPPER.createObjectNode().put("start_time", "2026-12-01T00:00:01Z"), start), "another time");
    }
}
