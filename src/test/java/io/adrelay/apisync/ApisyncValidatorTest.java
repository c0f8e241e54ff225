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
}
