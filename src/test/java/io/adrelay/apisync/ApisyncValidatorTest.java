package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

class ApisyncValidatorTest {

    private static List<String> problems(ApisyncResource resource, String json) throws Exception {
        JsonNode record = Json.MAPPER.readTree(json);
        return ApisyncValidator.validate(resource, record);
    }

    @Test
    void aValidInventoryItemHasNoProblem() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.INVENTORY_ITEMS, "{\"ad_template_type\": \"real-estate_2\","
                + " \"available\": false, \"content_language\": \"pt-br\", \"price\": {\"amount\": 1012, \"currency\": \"BRL\"},"
                + " \"images\": [{\"url\": \"https://x/1.jpg\", \"order\": 1}], \"year\": 2018}"));
    }

    @Test
    void namesEveryProblemOfAnInventoryItem() throws Exception {
        List<String> p = problems(ApisyncResource.INVENTORY_ITEMS, "{\"ad_template_type\": \"veículo\", \"content_language\": \"en\","
                + " \"condition\": \"broken\", \"price\": {\"amount\": 0, \"currency\": \"reais\"}, \"images\": [{\"url\": \"x.jpg\"}],"
                + " \"year\": 18}");
        assertEquals(8, p.size(), p.toString());
        assertTrue(p.contains("available is required and must be true or false"));
        assertTrue(p.contains("price.amount can't be 0: leave price out to set none"));
        assertTrue(p.contains("images[0].url must start with http: x.jpg"));
    }

    @Test
    void imagesAreAListOfObjectsWithAUrlAndAnOrder() throws Exception {
        String item = "{\"ad_template_type\": \"car\", \"available\": true, \"content_language\": \"pt-br\", \"images\": ";
        assertEquals(List.of("images[0] must be an object like {\"url\": \"https://...\", \"order\": 1}, got 1"),
                problems(ApisyncResource.INVENTORY_ITEMS, item + "[1]}"));
        assertEquals(List.of("images must be a list of {\"url\", \"order\"} objects"),
                problems(ApisyncResource.INVENTORY_ITEMS, item + "\"https://x/1.jpg\"}"));
        assertEquals(List.of("images[0].url is required and must start with http",
                        "images[0].order must be an integer from 1 (1 is the cover image) to 2147483647, got the text \"first\"",
                        "images[1].order must be an integer from 1 (1 is the cover image) to 2147483647, got 0"),
                problems(ApisyncResource.INVENTORY_ITEMS, item + "[{\"order\": \"first\"}, {\"url\": \"http://x/2.jpg\", \"order\": 0}]}"));
        assertEquals(List.of(), problems(ApisyncResource.INVENTORY_ITEMS, item + "[{\"url\": \"https://x/1.jpg\"}]}"), "order may be left out");
        assertEquals(List.of(), problems(ApisyncResource.INVENTORY_ITEMS, item + "null}"));
    }

    @Test
    void campaignsNeedAnAccountOfTheirService() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.CAMPAIGNS,
                "{\"service\": \"google-ads\", \"state\": \"active\", \"ad_account\": {\"id\": \"1234567890\"}, \"daily_budget\": {\"amount\": 1}}"));
        List<String> p = problems(ApisyncResource.CAMPAIGNS,
                "{\"service\": \"facebook-ads\", \"state\": \"live\", \"ad_account\": {\"id\": \"1234567890\"}, \"daily_budget\": {\"amount\": 1}}");
        assertEquals(List.of("state must be active, paused or removed, got live",
                "ad_account 1234567890 is not a facebook-ads account (act_<digits>)",
                "facebook-ads takes daily_budget on the ad set, not on the campaign"), p);
        assertTrue(problems(ApisyncResource.CAMPAIGNS, "{\"service\": \"google-ads\", \"state\": \"active\"}")
                .contains("ad_account is required, as {\"id\": \"...\"}"));
    }

    @Test
    void updatesByIdNeedOnlyAValidState() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.CAMPAIGNS, "{\"id\": \"c-1\", \"state\": \"paused\"}"));
        assertEquals(List.of("state is required: active, paused or removed"), problems(ApisyncResource.ADS, "{\"id\": \"a-1\"}"));
    }

    @Test
    void adSetsFollowTheirServicesConfigurations() throws Exception {
        assertTrue(problems(ApisyncResource.AD_SETS, "{\"service\": \"facebook-ads\", \"state\": \"active\", \"bids\": {},"
                + " \"campaign\": {\"reference_id\": \"c\"}}").get(0).startsWith("facebook-ads ad sets need geo_locations"));
        assertEquals(List.of("google-ads takes geo_locations on the campaign, not on the ad set"), problems(ApisyncResource.AD_SETS,
                "{\"service\": \"google-ads\", \"state\": \"active\", \"bids\": {}, \"campaign\": {\"id\": \"c\"},"
                        + " \"service_configurations\": {\"geo_locations\": [\"21137\"]}}"));
    }

    @Test
    void adsNeedTheCreativeKeysOfTheirType() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.ADS, "{\"ad_type\": \"video\", \"state\": \"active\","
                + " \"destination_url\": \"https://x\", \"ad_set\": {\"reference_id\": \"s\"}, \"creative\": {\"story\": {\"video_data\":"
                + " {\"video_url\": \"http://x/v.mp4\", \"image_url\": \"http://x/i.png\", \"message\": \"m\"}}}}"));
        List<String> p = problems(ApisyncResource.ADS, "{\"ad_type\": \"image_with_link\", \"service\": \"google-ads\","
                + " \"state\": \"active\", \"destination_url\": \"example.com\", \"creative\": {\"story\": {}}}");
        assertEquals(List.of("ad_type image_with_link is not a google-ads ad type", "destination_url must start with http: example.com",
                "creative.story.link_data.link is required", "creative.story.link_data.message is required",
                "creative.story.link_data.picture is required",
                "ad_set is required, as {\"id\": \"...\"} or {\"reference_id\": \"...\"}"), p);
    }

    private static final String ITEM = "{\"ad_template_type\": \"vehicle\", \"available\": true, \"content_language\": \"pt-br\"";

    @Test
    void aYearThatOverflowsAnIntIsNotFourDigits() throws Exception {
        assertEquals(List.of("year must be an integer of 4 digits (1000 to 9999), got 4294969314"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": 4294969314}"));
        assertEquals(List.of("year must be an integer of 4 digits (1000 to 9999), got -4294965278"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": -4294965278}"));
    }

    @Test
    void aPriceAmountBeyondSigned64BitsIsNamed() throws Exception {
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 18446744073709551617"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"price\": {\"amount\": 18446744073709551617, \"currency\": \"BRL\"}}"));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 18446744073709551616"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"price\": {\"amount\": 18446744073709551616, \"currency\": \"BRL\"}}"));
    }

    @Test
    void csvNumbersReachTheValidatorUnchanged() {
        List<JsonNode> items = ApisyncCsv.inventoryItems("reference_id,ad_template_type,available,content_language,year,price_amount,price_currency\n"
                + "huge,shoe,true,pt-br,4294969314,18446744073709551617,BRL\n"
                + "decimal,shoe,true,pt-br,2018.5,10.12,BRL\n"
                + "text,shoe,true,pt-br,MMXVIII,ten,BRL\n");
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 18446744073709551617",
                "year must be an integer of 4 digits (1000 to 9999), got 4294969314"),
                ApisyncValidator.validate(ApisyncResource.INVENTORY_ITEMS, items.get(0)));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got the decimal 10.12",
                "year must be an integer of 4 digits (1000 to 9999), got the decimal 2018.5"),
                ApisyncValidator.validate(ApisyncResource.INVENTORY_ITEMS, items.get(1)));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got the text \"ten\"",
                "year must be an integer of 4 digits (1000 to 9999), got the text \"MMXVIII\""),
                ApisyncValidator.validate(ApisyncResource.INVENTORY_ITEMS, items.get(2)));
    }

    @Test
    void aYearOutsideFourDigitsOrNotAnIntegerIsNamed() throws Exception {
        assertEquals(List.of("year must be an integer of 4 digits (1000 to 9999), got 10000"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": 10000}"));
        assertEquals(List.of("year must be an integer of 4 digits (1000 to 9999), got the decimal 2018.0"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": 2018.0}"));
        assertEquals(List.of("year must be an integer of 4 digits (1000 to 9999), got the text \"2018\""),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": \"2018\"}"));
        assertEquals(List.of(), problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"year\": 1000}"));
    }

    @Test
    void aPriceAmountIsAPositiveSigned64BitInteger() throws Exception {
        String price = ITEM + ", \"price\": {\"currency\": \"BRL\", \"amount\": ";
        assertEquals(List.of(), problems(ApisyncResource.INVENTORY_ITEMS, price + "9223372036854775807}}"));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 9223372036854775808"),
                problems(ApisyncResource.INVENTORY_ITEMS, price + "9223372036854775808}}"));
        assertEquals(List.of("price.amount can't be 0: leave price out to set none"),
                problems(ApisyncResource.INVENTORY_ITEMS, price + "0}}"));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got -1012"),
                problems(ApisyncResource.INVENTORY_ITEMS, price + "-1012}}"));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got the decimal 10.12"),
                problems(ApisyncResource.INVENTORY_ITEMS, price + "10.12}}"));
        assertEquals(List.of("price.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got the text \"1012\""),
                problems(ApisyncResource.INVENTORY_ITEMS, price + "\"1012\"}}"));
        assertEquals(List.of("price.amount is required: an integer from 1 to 9223372036854775807 (signed 64-bit) (cents)"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"price\": {\"currency\": \"BRL\"}}"));
    }

    @Test
    void bidAmountsAreCheckedExactly() throws Exception {
        assertEquals(List.of("bids.cpc.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 18446744073709551617",
                "bids.impressions.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got the decimal 1.5"),
                problems(ApisyncResource.AD_SETS, "{\"service\": \"google-ads\", \"state\": \"active\", \"campaign\": {\"id\": \"c\"},"
                        + " \"bids\": {\"cpc\": {\"amount\": 18446744073709551617}, \"impressions\": {\"amount\": 1.5}}}"));
        assertEquals(List.of("bids.cpc.amount is required: an integer from 1 to 9223372036854775807 (signed 64-bit) (cents)"),
                problems(ApisyncResource.AD_SETS, "{\"service\": \"google-ads\", \"state\": \"active\", \"campaign\": {\"id\": \"c\"},"
                        + " \"bids\": {\"cpc\": {}}}"));
        assertEquals(List.of("bids.cpc must be an object with an amount, e.g. {\"amount\": 1299}"),
                problems(ApisyncResource.AD_SETS, "{\"service\": \"google-ads\", \"state\": \"active\", \"campaign\": {\"id\": \"c\"},"
                        + " \"bids\": {\"cpc\": 123}}"));
    }

    @Test
    void dailyBudgetAmountsAreCheckedExactly() throws Exception {
        assertEquals(List.of("daily_budget.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 0"),
                problems(ApisyncResource.CAMPAIGNS, "{\"service\": \"google-ads\", \"state\": \"active\","
                        + " \"ad_account\": {\"id\": \"1234567890\"}, \"service_configurations\": {\"daily_budget\": {\"amount\": 0}}}"));
        assertEquals(List.of("daily_budget.amount must be an integer from 1 to 9223372036854775807 (signed 64-bit), got 18446744073709551616"),
                problems(ApisyncResource.AD_SETS, "{\"service\": \"facebook-ads\", \"state\": \"active\", \"bids\": {},"
                        + " \"campaign\": {\"id\": \"c\"}, \"geo_locations\": {\"countries\": [\"US\"]},"
                        + " \"daily_budget\": {\"amount\": 18446744073709551616, \"billing_event\": \"CLICKS\"}}"));
    }

    /** The Facebook ad set of the spec's Configurations section, as it writes it: kebab-case keys, no service (read-only). */
    static final String SPEC_AD_SET = "{\"reference_id\": \"my-custom-id\", \"state\": \"active\", \"title\": \"Ad Set for Houses\","
            + " \"bids\": {\"cpc\": {\"amount\": 123}, \"impressions\": {\"amount\": 123}}, \"campaign\": {\"reference_id\": \"xmas\"},"
            + " \"service-configurations\": {\"daily-budget\": {\"amount\": 1299, \"billing-event\": \"CLICKS\"},"
            + " \"geo-locations\": {\"countries\": [\"US\"], \"regions\": [{\"key\": \"3847\"}], \"zips\": [{\"key\": \"US:90028\"}],"
            + " \"custom-locations\": [{\"latitude\": 36, \"longitude\": -121.0, \"radius\": 5, \"distance-unit\": \"kilometer\"},"
            + " {\"address-string\": \"1601 Willow Road, Menlo Park, CA\", \"radius\": 5}],"
            + " \"excluded_geo_locations\": {\"regions\": [{\"key\": \"3847\"}]}}}}";

    @Test
    void theSpecsAdSetWithoutServiceAndWithKebabCaseKeysIsValid() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.AD_SETS, SPEC_AD_SET));
    }

    @Test
    void keysSpelledWithTheSpecsNonBreakingHyphenAreAccepted() throws Exception {
        assertEquals(List.of(), problems(ApisyncResource.ADS, "{\"ad\u2011type\": \"expanded-text-ad\", \"state\": \"active\","
                + " \"destination\u2011url\": \"https://apisync.io\", \"reference-id\": \"my-custom-id\", \"ad-set\": {\"reference\u2011id\": \"s\"},"
                + " \"creative\": {\"headline-part1\": \"Beautiful Beach House\", \"headline-part2\": \"Yours today\", \"description\": \"Beach\"}}"));
        assertEquals(List.of(), problems(ApisyncResource.AD_SETS, SPEC_AD_SET.replace("service-configurations", "service\u2011configurations")));
    }

    @Test
    void aKeyGivenInTwoSpellingsIsNamed() throws Exception {
        assertEquals(List.of("reference_id is given 2 times, as reference_id and reference-id: keep one"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"reference_id\": \"a\", \"reference-id\": \"b\"}"));
        assertEquals(List.of("service_configurations.daily_budget is given 2 times, as daily-budget and daily_budget: keep one"),
                problems(ApisyncResource.AD_SETS, SPEC_AD_SET.replace("\"daily-budget\": {\"amount\": 1299,",
                        "\"daily-budget\": {\"amount\": 1299}, \"daily_budget\": {\"amount\": 1300,")));
    }

    @Test
    void aConfigurationGivenFlatAndNestedIsNamed() throws Exception {
        assertEquals(List.of("daily_budget is given both flat and under service_configurations: keep one"),
                problems(ApisyncResource.AD_SETS, SPEC_AD_SET.replace("\"title\"", "\"daily_budget\": {\"amount\": 1}, \"title\"")));
    }

    @Test
    void aKeyThatIsNotSnakeCaseIsNamed() throws Exception {
        assertEquals(List.of("images[0].imageUrl is not a snake_case key (lower-case letters, digits and underscores), which APISync requires",
                        "images[0].url is required and must start with http"),
                problems(ApisyncResource.INVENTORY_ITEMS, ITEM + ", \"images\": [{\"imageUrl\": \"https://x/1.jpg\"}]}"));
    }

    @Test
    void anAdSetWithoutServiceFollowsTheRulesOfItsCampaignOnceKnown() throws Exception {
        ObjectNode noGeo = (ObjectNode) Json.MAPPER.readTree(SPEC_AD_SET);
        ((ObjectNode) noGeo.path("service-configurations")).remove("geo-locations");
        assertEquals(List.of(), ApisyncValidator.validate(ApisyncResource.AD_SETS, noGeo), "the campaign's service is not known yet");
        assertEquals(List.of("facebook-ads ad sets need geo_locations (Facebook requires location targeting on every ad set)"),
                ApisyncValidator.adSetServiceRules(ApisyncSnakeCaseKeys.normalize(noGeo), "facebook-ads"));
        assertEquals(List.of("google-ads takes daily_budget on the campaign, not on the ad set",
                "google-ads takes geo_locations on the campaign, not on the ad set"),
                ApisyncValidator.adSetServiceRules(ApisyncSnakeCaseKeys.normalize(Json.MAPPER.readTree(SPEC_AD_SET)), "google-ads"));
    }

    @Test
    void inboundRecordsAreStoredWithSnakeCaseKeys() throws Exception {
        JsonNode record = ApisyncInbound.records(Json.MAPPER.readTree(SPEC_AD_SET)).get(0);
        JsonNode geo = record.path("service_configurations").path("geo_locations");
        assertEquals("CLICKS", record.path("service_configurations").path("daily_budget").path("billing_event").asText());
        assertEquals("kilometer", geo.path("custom_locations").get(0).path("distance_unit").asText());
        assertEquals("1601 Willow Road, Menlo Park, CA", geo.path("custom_locations").get(1).path("address_string").asText());
        assertTrue(keys(record).stream().noneMatch(key -> key.contains("-")), keys(record).toString());
        assertTrue(keys(record).contains("excluded_geo_locations"));
    }

    /** Every key of a record, at any depth. */
    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.properties().forEach(field -> keys.add(field.getKey()));
        node.forEach(child -> keys.addAll(keys(child)));
        return keys;
    }
}
