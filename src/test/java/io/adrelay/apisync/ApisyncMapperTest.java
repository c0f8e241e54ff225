package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

class ApisyncMapperTest {

    @Test
    void aFacebookAdSetCarriesBudgetAndGeoUnderServiceConfigurations() throws Exception {
        JsonNode doc = ApisyncMapper.document(ApisyncResource.AD_SETS, Json.MAPPER.readTree("{\"reference_id\": \"s\","
                + " \"service\": \"facebook-ads\", \"state\": \"active\", \"bids\": {\"cpc\": {\"amount\": 1}},"
                + " \"campaign\": {\"reference_id\": \"c\"}, \"daily_budget\": {\"amount\": 1299}, \"geo_locations\": {\"countries\": [\"US\"]}}"),
                "campaign-uuid");
        JsonNode data = doc.path("data");
        assertEquals("ad-sets", data.path("type").asText());
        assertEquals(1299, data.path("attributes").path("service_configurations").path("daily_budget").path("amount").asInt());
        assertEquals("US", data.path("attributes").path("service_configurations").path("geo_locations").path("countries").get(0).asText());
        assertFalse(data.path("attributes").has("service"), "read-only on ad sets");
        assertFalse(data.path("attributes").has("campaign"));
        assertEquals("campaigns", data.path("relationships").path("campaign").path("data").path("type").asText());
        assertEquals("campaign-uuid", data.path("relationships").path("campaign").path("data").path("id").asText());
    }

    @Test
    void theSpecsKebabCaseAdSetIsSentInSnakeCaseWithoutService() throws Exception {
        JsonNode doc = ApisyncMapper.document(ApisyncResource.AD_SETS, Json.MAPPER.readTree(ApisyncValidatorTest.SPEC_AD_SET
                .replace("\"state\"", "\"service\": \"facebook-ads\", \"state\"").replace("service-configurations", "service\u2011configurations")),
                "campaign-uuid");
        JsonNode attributes = doc.path("data").path("attributes");
        assertFalse(attributes.has("service"), "read-only on ad sets: APISync copies it from the campaign");
        assertTrue(ApisyncValidatorTest.keys(doc).stream().allMatch(key -> key.matches("[a-z0-9_]+")), doc.toString());
        JsonNode configurations = attributes.path("service_configurations");
        assertEquals("CLICKS", configurations.path("daily_budget").path("billing_event").asText());
        assertEquals("kilometer", configurations.path("geo_locations").path("custom_locations").get(0).path("distance_unit").asText());
        assertEquals("campaign-uuid", doc.path("data").path("relationships").path("campaign").path("data").path("id").asText());
    }

    @Test
    void anAdSpelledLikeTheSpecIsSentInSnakeCase() throws Exception {
        JsonNode doc = ApisyncMapper.document(ApisyncResource.ADS, Json.MAPPER.readTree("{\"ad\u2011type\": \"expanded-text-ad\","
                + " \"destination-url\": \"https://apisync.io\", \"state\": \"active\", \"reference-id\": \"my-custom-id\","
                + " \"ad-set\": {\"id\": \"s1\"}, \"creative\": {\"headline-part1\": \"Beach\", \"headline-part2\": \"House\"}}"), "s1");
        JsonNode attributes = doc.path("data").path("attributes");
        assertEquals("expanded-text-ad", attributes.path("ad_type").asText(), "values keep their hyphens");
        assertEquals("google-ads", attributes.path("service").asText());
        assertEquals("https://apisync.io", attributes.path("destination_url").asText());
        assertEquals("my-custom-id", attributes.path("reference_id").asText());
        assertEquals("Beach", attributes.path("creative").path("headline_part1").asText());
        assertFalse(attributes.has("ad_set"), "the parent goes in relationships");
    }

    @Test
    void anAdGetsTheServiceOfItsType() throws Exception {
        JsonNode doc = ApisyncMapper.document(ApisyncResource.ADS, Json.MAPPER.readTree("{\"ad_type\": \"expanded-text-ad\","
                + " \"state\": \"active\", \"ad_set\": {\"id\": \"s1\"}}"), "s1");
        assertEquals("google-ads", doc.path("data").path("attributes").path("service").asText());
        assertEquals("ad-sets", doc.path("data").path("relationships").path("ad_set").path("data").path("type").asText());
    }

    @Test
    void csvRowsBecomeItemsWithCustomAttributes() {
        List<JsonNode> items = ApisyncCsv.inventoryItems("\uFEFFreference_id,ad_template_type,available,content_language,year,"
                + "price_amount,price_currency,image_urls,Delivery Method\nsku-1,shoe,true,pt-br,2018,1012,BRL,https://a/1.jpg|https://a/2.jpg,Standard\n");
        JsonNode item = items.get(0);
        assertEquals("sku-1", item.path("reference_id").asText());
        assertTrue(item.path("available").asBoolean());
        assertEquals(2018, item.path("year").asInt());
        assertEquals(1012, item.path("price").path("amount").asInt());
        assertEquals(2, item.path("images").get(1).path("order").asInt());
        assertEquals("delivery_method", item.path("custom_attributes").get(0).path("identifier").asText());
        assertEquals("Standard", item.path("custom_attributes").get(0).path("value").asText());
    }
}
