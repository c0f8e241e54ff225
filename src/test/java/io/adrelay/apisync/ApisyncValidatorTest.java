package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ApisyncValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> problems(ApisyncResource resource, String json) throws Exception {
        JsonNode record = JSON.readTree(json);
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
}
