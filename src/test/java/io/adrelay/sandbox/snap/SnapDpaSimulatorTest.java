package io.adrelay.sandbox.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.adrelay.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Snap simulator's Dynamic Product Ads part keeps the spec's rules: templates, campaigns, ad squads,
 * creatives and ads checked item by item, product search over the uploaded products, tokens that expire mid-run.
 */
class SnapDpaSimulatorTest {

    static final String ORG = "8fdeefec-f502-4ca8-9a84-6411e0a51058";
    static final String ACCOUNT = "497979f0-ed17-4971-8288-054883f1cbca";
    static final String TEMPLATE_URL = "https://ads-interfaces.sc-cdn.net/adformats/templates/V2/index.html";
    static final int PRODUCTS = 120;
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newHttpClient();
    SnapSimulator snap;
    HttpServer feedHost;
    String token;
    String catalogId;
    String inStock;
    String acmeUnder50;
    String empty;

    /** A catalog whose feed loaded 120 products: brands Acme, Globex, Initech in turn, prices 11 to 130, every other one in stock. */
    @BeforeEach
    void start() throws Exception {
        snap = new SnapSimulator("client", "secret", "refresh").uploadStep(Duration.ofMillis(20)).rateLimit(1000).start();
        token = freshToken();
        String csv = "id,title,description,link,image_link,availability,price,condition,brand\n" + IntStream.rangeClosed(1, PRODUCTS)
                .mapToObj(i -> "P" + i + ",Shoe " + i + ",A shoe,https://x.example/" + i + ",https://x.example/" + i + ".jpg,"
                        + (i % 2 == 0 ? "in stock" : "out of stock") + "," + (10 + i) + ".00 USD,new," + List.of("Initech", "Acme", "Globex").get(i % 3) + "\n")
                .collect(Collectors.joining());
        feedHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedHost.createContext("/feed.csv", exchange -> {
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        feedHost.start();
        catalogId = createdId("/organizations/" + ORG + "/catalogs", "catalogs", "catalog",
                json("{'organization_id': '" + ORG + "', 'name': 'Shop', 'vertical': 'COMMERCE'}"));
        String feedId = createdId("/catalogs/" + catalogId + "/product_feeds", "product_feeds", "product_feed",
                json("{'name': 'Feed', 'default_currency': 'USD'}"));
        String uploadId = createdId("/product_feeds/" + feedId + "/feed_uploads", "feed_uploads", "feed_upload",
                json("{'url': 'http://127.0.0.1:" + feedHost.getAddress().getPort() + "/feed.csv', 'update_type': 'REPLACE'}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> snap.feedUpload(uploadId).path("status").asText().equals("COMPLETE"));
        inStock = productSet("In stock", "{'AVAILABILITY': {'EQ': 'IN_STOCK'}}");
        acmeUnder50 = productSet("Acme under 50", "{'AND': [{'BRAND': {'IS_ANY': ['Acme']}}, {'PRICE_AMOUNT': {'LT': '50.00'}}]}");
        empty = productSet("Nobody at all", "{'BRAND': {'EQ': 'Nobody'}}");
    }

    @AfterEach
    void stop() {
        snap.close();
        feedHost.stop(0);
    }

    @Test
    void aDynamicProductAdIsBuiltFromTemplateToAdAndUpdated() throws Exception {
        JsonNode template = created("/adaccounts/" + ACCOUNT + "/dynamic_templates", "dynamic_templates", "dynamic_template", template());
        assertEquals(80, template.path("overlay_specs").get(1).path("opacity").asInt());
        assertTrue(template.path("overlay_specs").get(1).path("opacity").isNumber(), "the spec's \"80\" is answered as a number");
        String templateId = template.path("id").asText();

        JsonNode campaign = created("/adaccounts/" + ACCOUNT + "/campaigns", "campaigns", "campaign", campaign());
        assertEquals("BRAND_AWARENESS", campaign.path("objective").asText());
        assertTrue(campaign.path("daily_budget_micro").isIntegralNumber());
        assertEquals(100_000_000_000L, campaign.path("daily_budget_micro").asLong());
        assertEquals(catalogId, campaign.path("product_properties").path("catalog_id").asText());
        String campaignId = campaign.path("id").asText();

        JsonNode adSquad = created("/campaigns/" + campaignId + "/adsquads", "adsquads", "adsquad", adSquad(campaignId, acmeUnder50));
        assertEquals("COMMERCE", adSquad.path("product_properties").path("catalog_vertical").asText());
        String adSquadId = adSquad.path("id").asText();

        JsonNode creative = created("/adaccounts/" + ACCOUNT + "/creatives", "creatives", "creative", creative(templateId, acmeUnder50));
        assertEquals("PENDING_REVIEW", creative.path("review_status").asText());
        assertEquals("SUCCESS", creative.path("packaging_status").asText());
        assertEquals("SNAP_AD", creative.path("ad_product").asText());
        String creativeId = creative.path("id").asText();

        JsonNode ad = created("/adsquads/" + adSquadId + "/ads", "ads", "ad", ad(adSquadId, creativeId));
        assertEquals("PENDING_REVIEW", ad.path("review_status").asText());
        assertEquals("REMOTE_WEBPAGE", ad.path("type").asText());
        String adId = ad.path("id").asText();

        // each entity is read by id and listed under its parent
        assertEquals(templateId, one("/dynamic_templates/" + templateId, "dynamic_templates", "dynamic_template").path("id").asText());
        assertEquals(campaignId, one("/campaigns/" + campaignId, "campaigns", "campaign").path("id").asText());
        assertEquals(adSquadId, one("/adsquads/" + adSquadId, "adsquads", "adsquad").path("id").asText());
        assertEquals(creativeId, one("/creatives/" + creativeId, "creatives", "creative").path("id").asText());
        assertEquals(adId, one("/ads/" + adId, "ads", "ad").path("id").asText());
        assertEquals(adId, JSON.readTree(call("GET", "/adsquads/" + adSquadId + "/ads", null).body()).path("ads").get(0).path("ad").path("id").asText());
        assertEquals(404, call("GET", "/ads/" + ACCOUNT, null).statusCode());
        assertEquals(400, call("GET", "/ads/not-a-uuid", null).statusCode());

        // PUT replaces each whole, id and created_at kept
        ObjectNode renamed = template().put("id", templateId).put("name", "Renamed");
        assertEquals("Renamed", updated("/adaccounts/" + ACCOUNT + "/dynamic_templates", "dynamic_templates", "dynamic_template", renamed)
                .path("name").asText());
        JsonNode active = updated("/adaccounts/" + ACCOUNT + "/campaigns", "campaigns", "campaign",
                campaign().put("id", campaignId).put("status", "ACTIVE"));
        assertEquals("ACTIVE", active.path("status").asText());
        assertEquals(campaign.path("created_at").asText(), active.path("created_at").asText());
        assertEquals(60_000_000L, updated("/campaigns/" + campaignId + "/adsquads", "adsquads", "adsquad",
                adSquad(campaignId, acmeUnder50).put("id", adSquadId).put("daily_budget_micro", "60000000")).path("daily_budget_micro").asLong());
        assertEquals("Shop more", updated("/adaccounts/" + ACCOUNT + "/creatives", "creatives", "creative",
                creative(templateId, acmeUnder50).put("id", creativeId).put("headline", "Shop more")).path("headline").asText());
        assertEquals("ACTIVE", updated("/adsquads/" + adSquadId + "/ads", "ads", "ad", ad(adSquadId, creativeId).put("id", adId).put("status", "ACTIVE"))
                .path("status").asText());
        assertEquals("Renamed", snap.dynamicTemplates(ACCOUNT).get(0).path("name").asText());
        assertEquals("ACTIVE", snap.campaigns(ACCOUNT).get(0).path("status").asText());
        assertEquals(60_000_000L, snap.adSquads(campaignId).get(0).path("daily_budget_micro").asLong());
        assertEquals("Shop more", snap.creatives(ACCOUNT).get(0).path("headline").asText());
        assertEquals("ACTIVE", snap.ads(adSquadId).get(0).path("status").asText());

        // an id that is not one of the parent's is not found
        HttpResponse<String> elsewhere = call("PUT", "/adaccounts/" + ORG + "/campaigns", batch("campaigns", campaign().put("id", campaignId)));
        assertTrue(reason(elsewhere, "campaigns", 0).startsWith("NOT_FOUND: "), elsewhere.body());
    }

    @Test
    void listsArePaged() throws Exception {
        for (int i = 0; i < 3; i++) {
            created("/adaccounts/" + ACCOUNT + "/campaigns", "campaigns", "campaign", campaign().put("name", "C" + i));
        }
        JsonNode first = JSON.readTree(call("GET", "/adaccounts/" + ACCOUNT + "/campaigns?limit=2", null).body());
        assertEquals(2, first.path("campaigns").size());
        JsonNode second = JSON.readTree(send(HttpRequest.newBuilder(URI.create(first.path("paging").path("next_link").asText()))
                .header("Authorization", "Bearer " + token).GET()).body());
        assertEquals("C2", second.path("campaigns").get(0).path("campaign").path("name").asText());
        assertFalse(second.path("paging").has("next_link"));
    }

    @Test
    void templatesAreCheckedAgainstTheTemplateAndOverlayTables() throws Exception {
        List<ObjectNode> bad = List.of(
                template().put("layout", "CAROUSEL"),
                template().<ObjectNode>set("text_fields", JSON.valueToTree(List.of("title", "price", "brand"))),
                template().put("background_color", "#FFFF"),
                template().put("name", "n".repeat(376)),
                template().<ObjectNode>without("ios_url"),
                overlay(0, "{'type': 'IMAGE', 'position': 'TOP_LEFT'}"),
                overlay(1, "{'type': 'FRAME', 'media_id': 'm', 'position': 'TOP_LEFT'}"),
                overlay(1, "{'type': 'FRAME', 'media_id': 'm', 'position': 'CENTER', 'opacity': '50'}"),
                overlay(2, "{'type': 'TEXT', 'text': '" + "t".repeat(35) + "', 'position': 'BOTTOM_RIGHT'}"),
                overlay(2, "{'type': 'TEXT', 'text': 'hi', 'position': 'MIDDLE'}"),
                overlay(2, "{'type': 'TEXT', 'text': 'hi', 'position': 'TOP_RIGHT', 'text_overlay_properties': {'shape': 'CIRCLE'}}"),
                overlay(2, "{'type': 'TEXT', 'text': 'hi', 'position': 'TOP_RIGHT', 'text_overlay_properties': {'shape': 'STAR', 'text_color': '000'}}"));
        List<String> codes = List.of("VALIDATION_ERROR_LAYOUT_NEEDS_COLLECTION_CREATIVE: layout CAROUSEL",
                "VALIDATION_ERROR_INVALID_TEXT_FIELDS: text_fields", "VALIDATION_ERROR_INVALID_COLOR: background_color",
                "VALIDATION_ERROR_INPUT_PARAMETER_TOO_LARGE: name", "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: ios_url",
                "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: overlay_specs[0].media_id",
                "VALIDATION_ERROR_INVALID_POSITION: overlay_specs[1].position must be CENTER",
                "VALIDATION_ERROR_INVALID_OPACITY: overlay_specs[1].opacity", "VALIDATION_ERROR_INPUT_PARAMETER_TOO_LARGE: overlay_specs[2].text",
                "VALIDATION_ERROR_INVALID_POSITION: overlay_specs[2].position",
                "VALIDATION_ERROR_INVALID_COLOR: overlay_specs[2].text_overlay_properties.text_color",
                "VALIDATION_ERROR_INVALID_SHAPE: overlay_specs[2].text_overlay_properties.shape");
        List<ObjectNode> all = new ArrayList<>(bad);
        all.add(template());
        HttpResponse<String> answer = call("POST", "/adaccounts/" + ACCOUNT + "/dynamic_templates", batch("dynamic_templates", all.toArray(ObjectNode[]::new)));
        assertEquals(200, answer.statusCode());
        assertEquals("PARTIAL", JSON.readTree(answer.body()).path("request_status").asText());
        for (int i = 0; i < bad.size(); i++) {
            assertTrue(reason(answer, "dynamic_templates", i).startsWith(codes.get(i)), i + ": " + reason(answer, "dynamic_templates", i));
        }
        assertEquals(1, snap.dynamicTemplates(ACCOUNT).size());
    }

    @Test
    void campaignsNeedAnExistingCatalogAndTheirOwnAdAccount() throws Exception {
        HttpResponse<String> answer = call("POST", "/adaccounts/" + ACCOUNT + "/campaigns", batch("campaigns",
                campaign().<ObjectNode>set("product_properties", json("{'catalog_id': '" + ORG + "'}")),
                campaign().put("ad_account_id", ORG),
                campaign().put("status", "RUNNING")));
        assertEquals(400, answer.statusCode(), "every item refused");
        assertEquals("ERROR", JSON.readTree(answer.body()).path("request_status").asText());
        assertTrue(reason(answer, "campaigns", 0).startsWith("VALIDATION_ERROR_CATALOG_NOT_FOUND: product_properties.catalog_id"));
        assertTrue(reason(answer, "campaigns", 1).startsWith("VALIDATION_ERROR_AD_ACCOUNT_ID_MISMATCH: ad_account_id"));
        assertTrue(reason(answer, "campaigns", 2).startsWith("VALIDATION_ERROR_INVALID_STATUS: status must be one of [ACTIVE, PAUSED]"));
        assertEquals(0, snap.campaigns(ACCOUNT).size());
    }

    @Test
    void anAdSquadBidsWithinTheRange() throws Exception {
        String campaignId = campaignId();
        HttpResponse<String> answer = call("POST", "/campaigns/" + campaignId + "/adsquads", batch("adsquads",
                adSquad(campaignId, inStock).put("bid_strategy", "TARGET_COST").put("bid_micro", 9_999),
                adSquad(campaignId, inStock).put("bid_strategy", "LOWEST_COST_WITH_MAX_BID").put("bid_micro", "1000000001"),
                adSquad(campaignId, inStock).put("bid_strategy", "TARGET_COST"),
                adSquad(campaignId, inStock).put("bid_strategy", "MIN_ROAS"),
                adSquad(campaignId, inStock).put("bid_strategy", "TARGET_COST").put("bid_micro", 10_000)));
        assertTrue(reason(answer, "adsquads", 0).startsWith("VALIDATION_ERROR_BID_MICRO_OUT_OF_RANGE: bid_micro must be from 10000 to 1000000000"));
        assertTrue(reason(answer, "adsquads", 1).startsWith("VALIDATION_ERROR_BID_MICRO_OUT_OF_RANGE: "));
        assertTrue(reason(answer, "adsquads", 2).startsWith("VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: bid_micro"));
        assertTrue(reason(answer, "adsquads", 3).startsWith("VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: roas_value_micro"));
        assertEquals("SUCCESS", JSON.readTree(answer.body()).path("adsquads").get(4).path("sub_request_status").asText());
    }

    @Test
    void anAdSquadHasOneBudgetAndItsDeliveryConstraint() throws Exception {
        String campaignId = campaignId();
        HttpResponse<String> answer = call("POST", "/campaigns/" + campaignId + "/adsquads", batch("adsquads",
                adSquad(campaignId, inStock).put("lifetime_budget_micro", 900_000_000),
                adSquad(campaignId, inStock).<ObjectNode>without("daily_budget_micro"),
                adSquad(campaignId, inStock).put("daily_budget_micro", 4_999_999),
                adSquad(campaignId, inStock).<ObjectNode>without("daily_budget_micro").put("lifetime_budget_micro", 900_000_000),
                adSquad(campaignId, inStock).put("optimization_goal", "REACH")));
        assertEquals(400, answer.statusCode());
        assertTrue(reason(answer, "adsquads", 0).startsWith("VALIDATION_ERROR_BUDGET_INVALID: exactly one of daily_budget_micro and lifetime_budget_micro"));
        assertTrue(reason(answer, "adsquads", 1).startsWith("VALIDATION_ERROR_BUDGET_INVALID: "));
        assertTrue(reason(answer, "adsquads", 2).startsWith("VALIDATION_ERROR_DAILY_BUDGET_MICRO_TOO_LOW: daily_budget_micro must be from 5000000"));
        assertTrue(reason(answer, "adsquads", 3).startsWith("VALIDATION_ERROR_DELIVERY_CONSTRAINT_MISMATCH: delivery_constraint must be LIFETIME_BUDGET"));
        assertTrue(reason(answer, "adsquads", 4).startsWith("VALIDATION_ERROR_INVALID_OPTIMIZATION_GOAL: optimization_goal of a prospecting ad squad"));
    }

    @Test
    void anAdSquadShowsASetOfItsCampaignsCatalog() throws Exception {
        String campaignId = campaignId();
        String otherCatalog = createdId("/organizations/" + ORG + "/catalogs", "catalogs", "catalog",
                json("{'organization_id': '" + ORG + "', 'name': 'Other', 'vertical': 'COMMERCE'}"));
        String otherSet = createdId("/catalogs/" + otherCatalog + "/product_sets", "product_sets", "product_set",
                json("{'name': 'Other set', 'filter': {'BRAND': {'EQ': 'Acme'}}}"));
        HttpResponse<String> answer = call("POST", "/campaigns/" + campaignId + "/adsquads", batch("adsquads",
                adSquad(campaignId, otherSet), adSquad(campaignId, ORG), adSquad(campaignId, inStock).<ObjectNode>without("targeting"),
                adSquad(campaignId, inStock).<ObjectNode>without("placement_v2"), adSquad(campaignId, inStock).put("type", "STORY")));
        assertTrue(reason(answer, "adsquads", 0).startsWith("VALIDATION_ERROR_PRODUCT_SET_NOT_IN_CAMPAIGN_CATALOG: product_properties.product_set_id"));
        assertTrue(reason(answer, "adsquads", 1).startsWith("VALIDATION_ERROR_PRODUCT_SET_NOT_FOUND: product_properties.product_set_id"));
        assertTrue(reason(answer, "adsquads", 2).startsWith("VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: targeting"));
        assertTrue(reason(answer, "adsquads", 3).startsWith("VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: placement_v2"));
        assertTrue(reason(answer, "adsquads", 4).startsWith("VALIDATION_ERROR_INVALID_TYPE: type must be one of [SNAP_ADS]"));
    }

    @Test
    void aRetargetingAdSquadsAudiencesAreOnItsOwnProductSet() throws Exception {
        String campaignId = campaignId();
        HttpResponse<String> answer = call("POST", "/campaigns/" + campaignId + "/adsquads", batch("adsquads",
                retargeting(campaignId, inStock, acmeUnder50),
                audience(retargeting(campaignId, inStock, inStock), "{'product_set': '" + inStock + "', 'event_type': 'ADD_CART', "
                        + "'retention_seconds': 86399, 'operation': 'INCLUDE'}"),
                audience(retargeting(campaignId, inStock, inStock), "{'product_set': '" + ORG + "', 'event_type': 'ADD_CART', "
                        + "'retention_seconds': 86400, 'operation': 'EXCLUDE'}"),
                retargeting(campaignId, inStock, inStock)));
        assertEquals(200, answer.statusCode());
        assertTrue(reason(answer, "adsquads", 0).startsWith("VALIDATION_ERROR_RETARGETING_PRODUCT_SET_MISMATCH: targeting.product_audiences[0].product_set"
                + " must equal the ad squad's product_properties.product_set_id " + inStock), reason(answer, "adsquads", 0));
        assertTrue(reason(answer, "adsquads", 1).startsWith("VALIDATION_ERROR_RETENTION_SECONDS_OUT_OF_RANGE: targeting.product_audiences[1]"
                + ".retention_seconds must be from 86400 to 2592000"), reason(answer, "adsquads", 1));
        assertTrue(reason(answer, "adsquads", 2).startsWith("VALIDATION_ERROR_PRODUCT_SET_NOT_FOUND: targeting.product_audiences[1].product_set"));
        assertEquals(1, snap.adSquads(campaignId).size());
        // a prospecting ad squad (only EXCLUDE audiences) may name another set
        ObjectNode prospecting = adSquad(campaignId, inStock);
        ((ObjectNode) prospecting.path("targeting").path("product_audiences").get(0)).put("product_set", acmeUnder50);
        created("/campaigns/" + campaignId + "/adsquads", "adsquads", "adsquad", prospecting);
    }

    @Test
    void aRetargetingAdSquadNeedsAPixelAndARetargetingGoal() throws Exception {
        String campaignId = campaignId();
        HttpResponse<String> answer = call("POST", "/campaigns/" + campaignId + "/adsquads", batch("adsquads",
                retargeting(campaignId, inStock, inStock).<ObjectNode>without("pixel_id"),
                retargeting(campaignId, inStock, inStock).put("optimization_goal", "IMPRESSIONS"),
                adSquad(campaignId, inStock).<ObjectNode>without("pixel_id")));
        assertEquals(200, answer.statusCode());
        assertTrue(reason(answer, "adsquads", 0).startsWith("VALIDATION_ERROR_RETARGETING_NEEDS_PIXEL: pixel_id is required in a retargeting ad squad"));
        assertTrue(reason(answer, "adsquads", 1).startsWith("VALIDATION_ERROR_INVALID_OPTIMIZATION_GOAL: optimization_goal of a retargeting ad squad"));
        assertEquals("SUCCESS", JSON.readTree(answer.body()).path("adsquads").get(2).path("sub_request_status").asText(), "prospecting needs no pixel");
    }

    @Test
    void aCreativeOnAProductSetWithoutProductsIsRefused() throws Exception {
        String templateId = createdId("/adaccounts/" + ACCOUNT + "/dynamic_templates", "dynamic_templates", "dynamic_template", template());
        HttpResponse<String> answer = call("POST", "/adaccounts/" + ACCOUNT + "/creatives", batch("creatives", creative(templateId, empty)));
        assertEquals(400, answer.statusCode());
        assertTrue(reason(answer, "creatives", 0).startsWith("VALIDATION_ERROR_PRODUCT_SET_HAS_NO_PRODUCTS: dynamic_render_properties.product_set_id "
                + empty + ": the product set has no products"), answer.body());
        assertEquals(0, snap.creatives(ACCOUNT).size());
    }

    @Test
    void aCreativeNeedsATemplateOfItsAdAccountAndAnAppCreativeAMeasuredCampaign() throws Exception {
        String templateId = createdId("/adaccounts/" + ACCOUNT + "/dynamic_templates", "dynamic_templates", "dynamic_template", template());
        String otherAccount = "82225ba6-7559-4000-9663-bace8adff5f2";
        HttpResponse<String> answer = call("POST", "/adaccounts/" + otherAccount + "/creatives", batch("creatives",
                creative(templateId, inStock).put("ad_account_id", otherAccount)));
        assertTrue(reason(answer, "creatives", 0).startsWith("VALIDATION_ERROR_DYNAMIC_TEMPLATE_NOT_FOUND: dynamic_render_properties.dynamic_template_id"));

        campaignId();
        HttpResponse<String> unmeasured = call("POST", "/adaccounts/" + ACCOUNT + "/creatives", batch("creatives",
                creative(templateId, inStock).put("type", "APP_INSTALL"), creative(templateId, inStock).put("render_type", "STATIC")));
        assertTrue(reason(unmeasured, "creatives", 0).startsWith("VALIDATION_ERROR_MEASUREMENT_SPEC_REQUIRED: type APP_INSTALL"));
        assertTrue(reason(unmeasured, "creatives", 1).startsWith("VALIDATION_ERROR_INVALID_RENDER_TYPE: render_type must be one of [DYNAMIC]"));
        ObjectNode measured = campaign();
        measured.set("measurement_spec", json("{'ios_app_id': '1234', 'android_app_url': 'com.example'}"));
        assertEquals("1234", created("/adaccounts/" + ACCOUNT + "/campaigns", "campaigns", "campaign", measured)
                .path("measurement_spec").path("ios_app_id").asText());
        assertEquals("APP_INSTALL", created("/adaccounts/" + ACCOUNT + "/creatives", "creatives", "creative",
                creative(templateId, inStock).put("type", "APP_INSTALL")).path("type").asText());
    }

    @Test
    void aBatchOfAdsIsAnsweredItemByItem_anAdShowsItsAdSquadsSet() throws Exception {
        String templateId = createdId("/adaccounts/" + ACCOUNT + "/dynamic_templates", "dynamic_templates", "dynamic_template", template());
        String campaignId = campaignId();
        String adSquadId = createdId("/campaigns/" + campaignId + "/adsquads", "adsquads", "adsquad", adSquad(campaignId, inStock));
        String sameSet = createdId("/adaccounts/" + ACCOUNT + "/creatives", "creatives", "creative", creative(templateId, inStock));
        String otherSet = createdId("/adaccounts/" + ACCOUNT + "/creatives", "creatives", "creative", creative(templateId, acmeUnder50));
        HttpResponse<String> answer = call("POST", "/adsquads/" + adSquadId + "/ads", batch("ads",
                ad(adSquadId, sameSet), ad(adSquadId, otherSet), ad(adSquadId, sameSet).put("type", "APP_INSTALL"), ad(adSquadId, ORG)));
        assertEquals(200, answer.statusCode(), "some items created");
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("PARTIAL", body.path("request_status").asText());
        assertEquals("SUCCESS", body.path("ads").get(0).path("sub_request_status").asText());
        assertEquals(sameSet, body.path("ads").get(0).path("ad").path("creative_id").asText());
        assertEquals("ERROR", body.path("ads").get(1).path("sub_request_status").asText());
        assertTrue(reason(answer, "ads", 1).startsWith("VALIDATION_ERROR_PRODUCT_SET_MISMATCH: creative " + otherSet + " shows product set "
                + acmeUnder50 + " but the ad squad's product_properties.product_set_id is " + inStock), reason(answer, "ads", 1));
        assertTrue(reason(answer, "ads", 2).startsWith("VALIDATION_ERROR_AD_TYPE_MISMATCH: type must be REMOTE_WEBPAGE for a WEB_VIEW creative"));
        assertTrue(reason(answer, "ads", 3).startsWith("VALIDATION_ERROR_CREATIVE_NOT_FOUND: creative_id " + ORG));
        assertEquals(1, snap.ads(adSquadId).size());
    }

    @Test
    void productSearchListsTheCatalogsProducts_filteredOrAsASetHoldsThem() throws Exception {
        JsonNode all = search("", "{}");
        assertEquals("SUCCESS", all.path("request_status").asText());
        assertEquals("120", all.path("summary").path("total_products").path("count").asText());
        assertEquals("EQ", all.path("summary").path("total_products").path("relation").asText());
        assertEquals(50, all.path("products").size(), "50 a page by default");
        JsonNode first = all.path("products").get(0);
        assertEquals("SUCCESS", first.path("sub_request_status").asText());
        JsonNode product = first.path("product");
        assertEquals("P1", product.path("external_id").asText());
        assertFalse(product.path("id").asText().equals("P1"), "Snap's own id");
        assertEquals(catalogId, product.path("catalog_id").asText());
        assertEquals("Shoe 1", product.path("title").asText());
        assertEquals("https://x.example/1", product.path("link").asText());
        assertEquals("https://x.example/1.jpg", product.path("image_link").asText());
        assertEquals("out of stock", product.path("availability").asText());
        assertEquals("Acme", product.path("brand").asText());
        assertEquals("11.00", product.path("price").path("value").asText());
        assertEquals("USD", product.path("price").path("currency").asText());

        JsonNode acme = search("", "{'limit': 100, 'filter': {'AND': [{'BRAND': {'EQ': 'Acme'}}, {'PRICE_AMOUNT': {'LT': '50.00'}}]}}");
        assertEquals("13", acme.path("summary").path("total_products").path("count").asText(), "Acme: P1, P4 ... P37, priced 11 to 47");
        acme.path("products").forEach(p -> assertEquals("Acme", p.path("product").path("brand").asText()));
        assertFalse(acme.path("paging").has("next_link"));

        JsonNode inStockSet = search("", "{'limit': 1000, 'filter': {'PRODUCT_SET_ID': {'EQ': '" + inStock + "'}}}");
        assertEquals(60, inStockSet.path("products").size());
        inStockSet.path("products").forEach(p -> assertEquals("in stock", p.path("product").path("availability").asText()));
        assertEquals("0", search("", "{'filter': {'PRODUCT_SET_ID': {'EQ': '" + empty + "'}}}").path("summary").path("total_products")
                .path("count").asText());

        HttpResponse<String> tooFew = call("POST", "/catalogs/" + catalogId + "/products/search", "{\"limit\": 49}");
        assertEquals(400, tooFew.statusCode());
        assertEquals("CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", JSON.readTree(tooFew.body()).path("error_code").asText());
        assertEquals(400, call("POST", "/catalogs/" + catalogId + "/products/search", "{\"limit\": 1001}").statusCode());
        assertEquals(400, call("POST", "/catalogs/" + catalogId + "/products/search", json("{'filter': {'COLOUR': {'EQ': 'red'}}}").toString())
                .statusCode());
    }

    @Test
    void productSearchIsPagedByPostingTheSameBodyToTheNextLink() throws Exception {
        String body = "{'limit': 50, 'filter': {'PRICE_AMOUNT': {'GTE': '21'}}}";
        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        JsonNode page = search("", body);
        while (true) {
            page.path("products").forEach(p -> seen.add(p.path("product").path("external_id").asText()));
            pageSizes.add(page.path("products").size());
            String next = page.path("paging").path("next_link").asText("");
            if (next.isEmpty()) {
                break;
            }
            assertTrue(next.startsWith(snap.apiUrl() + "/catalogs/" + catalogId + "/products/search?cursor="), next);
            assertTrue(next.endsWith("&limit=50"), next);
            page = search(next.substring(next.indexOf('?')), body);
        }
        assertEquals(List.of(50, 50, 10), pageSizes, "products priced 21 to 130: P11 to P120");
        assertEquals(IntStream.rangeClosed(11, PRODUCTS).mapToObj(i -> "P" + i).collect(Collectors.toSet()), seen);
    }

    @Test
    void tokensExpireAfterTheGivenNumberOfRequests() throws Exception {
        String other = freshToken();
        snap.expireTokensAfter(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call("GET", "/adaccounts/" + ACCOUNT + "/campaigns", null).statusCode(), "request " + i);
        }
        HttpResponse<String> expired = call("GET", "/adaccounts/" + ACCOUNT + "/campaigns", null);
        assertEquals(401, expired.statusCode());
        assertEquals("UNAUTHORIZED", JSON.readTree(expired.body()).path("error_code").asText());
        token = other;
        assertEquals(401, call("GET", "/adaccounts/" + ACCOUNT + "/campaigns", null).statusCode(), "every token issued so far");
        token = freshToken();
        assertEquals(200, call("GET", "/adaccounts/" + ACCOUNT + "/campaigns", null).statusCode(), "a token issued afterwards works");
        assertEquals(200, call("GET", "/adaccounts/" + ACCOUNT + "/campaigns", null).statusCode(), "and keeps working");
    }

    // --- valid items, as the spec's examples send them

    private ObjectNode template() {
        return json("{'ad_account_id': '" + ACCOUNT + "', 'name': 'Template', 'ios_url': '" + TEMPLATE_URL + "', 'android_url': '" + TEMPLATE_URL
                + "', 'layout': 'FILL_WIDTH', 'text_fields': ['title', 'price'], 'background_color': 'FFFF00', 'overlay_specs': ["
                + "{'type': 'IMAGE', 'media_id': 'e292db69-139f-41fb-b79b-4cb7ab2e9840', 'position': 'BOTTOM_LEFT'},"
                + "{'type': 'FRAME', 'media_id': 'e8aa0151-9a6f-48a0-bcaa-82fc4f714161', 'position': 'CENTER', 'opacity': '80'},"
                + "{'type': 'TEXT', 'text': 'meow meow', 'position': 'BOTTOM_RIGHT', 'opacity': '80',"
                + " 'text_overlay_properties': {'shape': 'CIRCLE', 'shape_color': '09C', 'text_color': '4287F5'}}]}");
    }

    /** The valid template with one overlay replaced. */
    private ObjectNode overlay(int index, String overlay) {
        ObjectNode template = template();
        ((ArrayNode) template.path("overlay_specs")).set(index, json(overlay));
        return template;
    }

    private ObjectNode campaign() {
        return json("{'name': 'First DPA campaign', 'ad_account_id': '" + ACCOUNT + "', 'daily_budget_micro': '100000000000', 'status': 'PAUSED',"
                + " 'start_time': '2019-12-01T17:12:49.707Z', 'product_properties': {'catalog_id': '" + catalogId + "'}}");
    }

    private String campaignId() throws IOException {
        return createdId("/adaccounts/" + ACCOUNT + "/campaigns", "campaigns", "campaign", campaign());
    }

    /** The spec's prospecting example. */
    private ObjectNode adSquad(String campaignId, String setId) {
        return json("{'name': 'Prospecting', 'optimization_goal': 'IMPRESSIONS', 'status': 'ACTIVE', 'campaign_id': '" + campaignId + "',"
                + " 'type': 'SNAP_ADS', 'targeting': {'regulated_content': false, 'geos': [{'country_code': 'us'}], 'product_audiences': ["
                + "{'product_set': '" + setId + "', 'event_type': 'PURCHASE', 'retention_seconds': 1209600, 'operation': 'EXCLUDE'}]},"
                + " 'placement_v2': {'config': 'AUTOMATIC'}, 'billing_event': 'IMPRESSION', 'bid_strategy': 'AUTO_BID',"
                + " 'daily_budget_micro': 50000000, 'pixel_id': '9315b2c2-3680-411d-b6c1-d17de25fc1e0', 'delivery_constraint': 'DAILY_BUDGET',"
                + " 'pacing_type': 'STANDARD', 'product_properties': {'product_set_id': '" + setId + "'}}");
    }

    /** The spec's retargeting example 2: include who added to cart from audienceSet, exclude buyers. */
    private ObjectNode retargeting(String campaignId, String setId, String audienceSet) {
        ObjectNode adSquad = adSquad(campaignId, setId).put("name", "Retargeting").put("optimization_goal", "PIXEL_PURCHASE")
                .put("bid_strategy", "TARGET_COST").put("bid_micro", 1_000_000);
        ((ObjectNode) adSquad.path("targeting")).set("product_audiences", json("{'a': ["
                + "{'product_set': '" + audienceSet + "', 'event_type': 'ADD_CART', 'retention_seconds': 2592000, 'operation': 'INCLUDE'},"
                + "{'product_set': '" + setId + "', 'event_type': 'PURCHASE', 'retention_seconds': 2592000, 'operation': 'EXCLUDE'}]}").path("a"));
        return adSquad;
    }

    /** The ad squad with its second product audience replaced. */
    private ObjectNode audience(ObjectNode adSquad, String audience) {
        ((ArrayNode) adSquad.path("targeting").path("product_audiences")).set(1, json(audience));
        return adSquad;
    }

    private ObjectNode creative(String templateId, String setId) {
        return json("{'name': 'DPA Ad', 'ad_account_id': '" + ACCOUNT + "', 'type': 'WEB_VIEW', 'headline': 'Shopping Forever', 'brand_name': 'DPA Brand',"
                + " 'call_to_action': 'SHOP_NOW', 'render_type': 'DYNAMIC', 'dynamic_render_properties': {'dynamic_template_id': '" + templateId
                + "', 'product_set_id': '" + setId + "'}}");
    }

    private ObjectNode ad(String adSquadId, String creativeId) {
        return json("{'name': 'DPA Ad', 'ad_squad_id': '" + adSquadId + "', 'creative_id': '" + creativeId + "', 'status': 'PAUSED',"
                + " 'type': 'REMOTE_WEBPAGE', 'render_type': 'DYNAMIC'}");
    }

    private String productSet(String name, String filter) throws IOException {
        return createdId("/catalogs/" + catalogId + "/product_sets", "product_sets", "product_set",
                json("{'name': '" + name + "', 'filter': " + filter + "}"));
    }

    // --- calls

    private JsonNode search(String query, String body) throws IOException {
        HttpResponse<String> answer = call("POST", "/catalogs/" + catalogId + "/products/search" + query, json(body).toString());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private String createdId(String path, String plural, String singular, ObjectNode item) throws IOException {
        return created(path, plural, singular, item).path("id").asText();
    }

    private JsonNode created(String path, String plural, String singular, ObjectNode item) throws IOException {
        return succeeded(call("POST", path, batch(plural, item)), plural, singular);
    }

    private JsonNode updated(String path, String plural, String singular, ObjectNode item) throws IOException {
        return succeeded(call("PUT", path, batch(plural, item)), plural, singular);
    }

    private JsonNode one(String path, String plural, String singular) throws IOException {
        return succeeded(call("GET", path, null), plural, singular);
    }

    private static JsonNode succeeded(HttpResponse<String> answer, String plural, String singular) throws IOException {
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("SUCCESS", body.path("request_status").asText(), answer.body());
        return body.path(plural).get(0).path(singular);
    }

    private static String reason(HttpResponse<String> answer, String plural, int item) {
        try {
            return JSON.readTree(answer.body()).path(plural).get(item).path("sub_request_error_reason").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String batch(String plural, ObjectNode... items) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray(plural).addAll(List.of(items));
        return body.toString();
    }

    /** JSON written with single quotes, for legibility. */
    private static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String freshToken() throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(snap.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh")))
                .body()).path("access_token").asText();
    }

    private HttpResponse<String> call(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(snap.apiUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request);
    }
}
