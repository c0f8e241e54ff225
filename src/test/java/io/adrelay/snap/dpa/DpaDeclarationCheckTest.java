package io.adrelay.snap.dpa;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the spec on its own: the valid fixture with one field changed is refused with exactly the
 * problem of that field (and, where a second problem necessarily follows, that one too).
 */
class DpaDeclarationCheckTest {

    static final DeclaredProductSets CATALOGS = new DeclaredProductSets(Map.of("demo", Set.of("In stock", "Acme or Globex under 50")));

    private static final String A = "ad_accounts[0]";
    private static final String FRAMED = A + ".dynamic_templates[0]";
    private static final String PLAIN = A + ".dynamic_templates[1]";
    private static final String IMAGE = FRAMED + ".overlay_specs[0]";
    private static final String FRAME = FRAMED + ".overlay_specs[1]";
    private static final String TEXT = FRAMED + ".overlay_specs[2]";
    private static final String TEXT_PROPS = TEXT + ".text_overlay_properties";
    private static final String C = A + ".campaigns[0]";
    private static final String IN_STOCK_WEB = C + ".creatives[0]";
    private static final String BRANDS_WEB = C + ".creatives[1]";
    private static final String PROSPECTING = C + ".ad_squads[0]";
    private static final String RETARGETING = C + ".ad_squads[1]";
    private static final String AUDIENCE = RETARGETING + ".targeting.product_audiences[0]";
    private static final String USE_CASES = "PROSPECTING, RETARGETING";

    @TempDir
    Path dir;

    @Test
    void theFixturePassesEveryCheck() {
        DpaDeclaration declaration = DpaDeclaration.read(DpaFixtures.VALID, CATALOGS);
        assertEquals(2, declaration.adAccounts().get(0).campaigns().get(0).adSquads().size());
    }

    static Stream<Arguments> oneRuleBroken() {
        return Stream.of(
                // ad account
                broken(A + ".ad_account_id", DpaFixtures.ABSENT, "required"),
                broken(A + ".ad_account_id", "acct-1", "acct-1 is not a Snap id (a UUID)"),
                // dynamic template
                broken(FRAMED + ".name", DpaFixtures.ABSENT, "required", IN_STOCK_WEB + ".template: no dynamic template named Framed in this ad account"),
                broken(FRAMED + ".name", "x".repeat(376), "376 characters; at most 375",
                        IN_STOCK_WEB + ".template: no dynamic template named Framed in this ad account"),
                broken(FRAMED + ".ios_url", "https://example.com/t.html",
                        "https://example.com/t.html is not one of " + DpaDeclaration.TEMPLATE_URL),
                broken(FRAMED + ".android_url", "https://example.com/t.html",
                        "https://example.com/t.html is not one of " + DpaDeclaration.TEMPLATE_URL),
                broken(FRAMED + ".layout", DpaFixtures.ABSENT, "required"),
                broken(FRAMED + ".layout", "DIAGONAL",
                        "DIAGONAL is not one of AUTOMATIC, FILL_WIDTH, FILL_HEIGHT, FIT, HEADER, TILT, CAROUSEL, SLIDESHOW"),
                broken(FRAMED + ".text_fields", DpaFixtures.ABSENT, "required"),
                broken(FRAMED + ".text_fields", "[title, price, brand]", "3 text fields; 1 or 2 catalog attributes such as [title, price]"),
                broken(FRAMED + ".text_fields", "[]", "0 text fields; 1 or 2 catalog attributes such as [title, price]"),
                broken(FRAMED + ".text_fields", "[title, title]", FRAMED + ".text_fields[1]: title is declared twice in this template"),
                broken(FRAMED + ".background_color", "'#FFFF00'", "#FFFF00 is not a three- or six-digit hexadecimal colour such as 09C or FFFF00"),
                broken(FRAMED + ".background_color", "FFFF", "FFFF is not a three- or six-digit hexadecimal colour such as 09C or FFFF00"),
                broken(FRAMED + ".preferred_image_tags", "[x, '']", FRAMED + ".preferred_image_tags[1]: required"),
                // overlays
                broken(IMAGE + ".type", DpaFixtures.ABSENT, "required"),
                broken(IMAGE + ".type", "SOUND", "SOUND is not one of IMAGE, FRAME, TEXT"),
                broken(IMAGE + ".media_id", DpaFixtures.ABSENT, "required"),
                broken(FRAME + ".media_id", DpaFixtures.ABSENT, "required"),
                broken(IMAGE + ".media_id", "logo.png", "logo.png is not a Snap id (a UUID)"),
                broken(TEXT + ".text", "x".repeat(35), "35 characters; at most 34"),
                broken(IMAGE + ".position", DpaFixtures.ABSENT, "required"),
                broken(IMAGE + ".position", "MIDDLE",
                        "MIDDLE is not one of BOTTOM_MIDDLE, BOTTOM_LEFT, BOTTOM_RIGHT, CENTER, TOP_MIDDLE, TOP_LEFT, TOP_RIGHT"),
                broken(FRAME + ".position", "TOP_LEFT", "TOP_LEFT: a FRAME overlay is at CENTER"),
                broken(FRAME + ".opacity", "74", "74 is below 75"),
                broken(FRAME + ".opacity", "101", "101 is above 100"),
                broken(TEXT_PROPS + ".shape", DpaFixtures.ABSENT, "required"),
                broken(TEXT_PROPS + ".shape", "STAR", "STAR is not one of NONE, CIRCLE, PILL, RECTANGLE"),
                broken(TEXT_PROPS + ".shape_color", "blue", "blue is not a three- or six-digit hexadecimal colour such as 09C or FFFF00"),
                broken(TEXT_PROPS + ".text_color", DpaFixtures.ABSENT, "required"),
                broken(TEXT_PROPS + ".text_color", "'12345'", "12345 is not a three- or six-digit hexadecimal colour such as 09C or FFFF00"),
                // campaign
                broken(C + ".name", DpaFixtures.ABSENT, "required"),
                broken(C + ".catalog", DpaFixtures.ABSENT, "required"),
                broken(C + ".catalog", "shoes", "no catalog with key shoes in the catalog declaration"),
                broken(C + ".status", "RUNNING", "RUNNING is not one of ACTIVE, PAUSED"),
                broken(C + ".start_time", "1 December", "1 December is not a time such as 2019-12-01T17:12:49.707Z"),
                broken(C + ".end_time", "'2026-11-30T00:00:00Z'", "2026-11-30T00:00:00Z is not after start_time 2026-12-01T17:12:49.707Z"),
                broken(C + ".daily_budget_micro", "0", "0 is below 1"),
                broken(C + ".measurement_spec", "yes", "a mapping of the app's store ids"),
                // creatives
                broken(IN_STOCK_WEB + ".name", DpaFixtures.ABSENT, "required", PROSPECTING + ".ads[0].creative: no creative named In stock - web in this campaign"),
                broken(IN_STOCK_WEB + ".type", DpaFixtures.ABSENT, "required"),
                broken(IN_STOCK_WEB + ".type", "COLLECTION", "COLLECTION is not one of WEB_VIEW, APP_INSTALL, DEEP_LINK"),
                broken(IN_STOCK_WEB + ".type", "APP_INSTALL", "APP_INSTALL needs the campaign's measurement_spec"),
                broken(IN_STOCK_WEB + ".type", "DEEP_LINK", "DEEP_LINK needs the campaign's measurement_spec"),
                broken(IN_STOCK_WEB + ".template", DpaFixtures.ABSENT, "required"),
                broken(IN_STOCK_WEB + ".template", "Fancy", "no dynamic template named Fancy in this ad account"),
                broken(PLAIN + ".layout", "CAROUSEL", BRANDS_WEB + ".template: Plain has layout CAROUSEL, which needs a collection creative;"
                        + " DPA creatives are WEB_VIEW, APP_INSTALL, DEEP_LINK"),
                broken(PLAIN + ".layout", "SLIDESHOW", BRANDS_WEB + ".template: Plain has layout SLIDESHOW, which needs a collection creative;"
                        + " DPA creatives are WEB_VIEW, APP_INSTALL, DEEP_LINK"),
                broken(IN_STOCK_WEB + ".product_set", DpaFixtures.ABSENT, "required"),
                broken(IN_STOCK_WEB + ".product_set", "Sale", "no product set named Sale in catalog demo",
                        PROSPECTING + ".ads[0].creative: In stock - web shows product set Sale, its ad squad In stock"),
                broken(IN_STOCK_WEB + ".headline", DpaFixtures.ABSENT, "required"),
                broken(IN_STOCK_WEB + ".brand_name", DpaFixtures.ABSENT, "required"),
                broken(IN_STOCK_WEB + ".url_macro_parameters", "utm_campaign",
                        "utm_campaign is not name=value pairs joined by &, such as utm_campaign=campaign.id&utm_term=ad.name"),
                // ad squads
                broken(PROSPECTING + ".name", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".use_case", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".use_case", "UPSELL", "UPSELL is not one of " + USE_CASES),
                broken(PROSPECTING + ".product_set", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".product_set", "Sale", "no product set named Sale in catalog demo",
                        PROSPECTING + ".ads[0].creative: In stock - web shows product set In stock, its ad squad Sale"),
                broken(PROSPECTING + ".status", "DRAFT", "DRAFT is not one of ACTIVE, PAUSED"),
                broken(PROSPECTING + ".type", "STORY", "STORY is not one of SNAP_ADS"),
                broken(PROSPECTING + ".billing_event", "SWIPE", "SWIPE is not one of IMPRESSION"),
                broken(PROSPECTING + ".optimization_goal", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".optimization_goal", "APP_SIGN_UP", "APP_SIGN_UP is not one of " + String.join(", ", AdSquadCheck.PROSPECTING_GOALS)),
                broken(RETARGETING + ".optimization_goal", "IMPRESSIONS", "IMPRESSIONS is not one of " + String.join(", ", AdSquadCheck.RETARGETING_GOALS)),
                broken(PROSPECTING + ".optimization_goal", "PIXEL_PURCHASE", PROSPECTING + ".pixel_id: required for optimization_goal PIXEL_PURCHASE"),
                broken(RETARGETING + ".pixel_id", DpaFixtures.ABSENT, "required for retargeting"),
                broken(RETARGETING + ".pixel_id", "pixel-1", "pixel-1 is not a Snap id (a UUID)"),
                broken(PROSPECTING + ".bid_strategy", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".bid_strategy", "MAX_BID", "MAX_BID is not one of AUTO_BID, LOWEST_COST_WITH_MAX_BID, MIN_ROAS, TARGET_COST"),
                broken(RETARGETING + ".bid_micro", DpaFixtures.ABSENT, "required with bid_strategy TARGET_COST"),
                broken(PROSPECTING + ".bid_strategy", "LOWEST_COST_WITH_MAX_BID", PROSPECTING + ".bid_micro: required with bid_strategy LOWEST_COST_WITH_MAX_BID"),
                broken(RETARGETING + ".bid_micro", "5000", "5,000 is below 10,000"),
                broken(RETARGETING + ".bid_micro", "1000000001", "1,000,000,001 is above 1,000,000,000"),
                broken(PROSPECTING + ".bid_strategy", "MIN_ROAS", PROSPECTING + ".roas_value_micro: required with bid_strategy MIN_ROAS"),
                broken(PROSPECTING + ".roas_value_micro", "2000000", "only with bid_strategy MIN_ROAS (is AUTO_BID)"),
                broken(PROSPECTING + ".daily_budget_micro", "4999999", "4,999,999 is below 5,000,000"),
                broken(PROSPECTING + ".daily_budget_micro", DpaFixtures.ABSENT, "exactly one of daily_budget_micro or lifetime_budget_micro"),
                broken(PROSPECTING + ".lifetime_budget_micro", "100000000",
                        PROSPECTING + ".daily_budget_micro: exactly one of daily_budget_micro or lifetime_budget_micro"),
                broken(PROSPECTING + ".delivery_constraint", "LIFETIME_BUDGET", "LIFETIME_BUDGET needs lifetime_budget_micro"),
                broken(PROSPECTING + ".delivery_constraint", "WEEKLY_BUDGET", "WEEKLY_BUDGET is not one of DAILY_BUDGET, LIFETIME_BUDGET"),
                broken(PROSPECTING + ".pacing_type", "FAST", "FAST is not one of STANDARD, ACCELERATED"),
                broken(PROSPECTING + ".placement_v2", "AUTOMATIC", "a mapping with a config, such as {config: AUTOMATIC}"),
                broken(PROSPECTING + ".end_time", "'2026-12-01T00:00:00Z'", "2026-12-01T00:00:00Z is not after start_time 2026-12-01T17:12:49.707Z"),
                broken(PROSPECTING + ".story_ad_creative_type", "COLLECTION", "COLLECTION is not one of APP_INSTALL, WEB_VIEW, DEEP_LINK"),
                broken(PROSPECTING + ".measurement_provider_names", "[MOAT_SS, IAS]",
                        PROSPECTING + ".measurement_provider_names[1]: IAS is not one of MOAT_SS, DOUBLEVERIFY"),
                broken(PROSPECTING + ".targeting", DpaFixtures.ABSENT, "required"),
                // product audiences
                broken(RETARGETING + ".targeting.product_audiences", DpaFixtures.ABSENT, "required for retargeting"),
                broken(RETARGETING + ".targeting.product_audiences", "[]", "required for retargeting"),
                broken(AUDIENCE + ".product_set", "In stock", "In stock is not the ad squad's product set Acme or Globex under 50 (retargeting)"),
                broken(PROSPECTING + ".targeting.product_audiences[0].product_set", "Sale", "no product set named Sale in catalog demo"),
                broken(AUDIENCE + ".product_set", DpaFixtures.ABSENT, "required"),
                broken(AUDIENCE + ".event_type", DpaFixtures.ABSENT, "required"),
                broken(AUDIENCE + ".event_type", "CHECKOUT", "CHECKOUT is not one of PAGE_VIEW, VIEW_CONTENT, ADD_CART, PURCHASE"),
                broken(AUDIENCE + ".retention_seconds", DpaFixtures.ABSENT, "required"),
                broken(AUDIENCE + ".retention_seconds", "86399", "86,399 is below 86,400"),
                broken(AUDIENCE + ".retention_seconds", "2592001", "2,592,001 is above 2,592,000"),
                broken(AUDIENCE + ".operation", DpaFixtures.ABSENT, "required"),
                broken(AUDIENCE + ".operation", "KEEP", "KEEP is not one of INCLUDE, EXCLUDE"),
                // ads
                broken(PROSPECTING + ".ads[0].name", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".ads[0].status", "LIVE", "LIVE is not one of ACTIVE, PAUSED"),
                broken(PROSPECTING + ".ads[0].creative", DpaFixtures.ABSENT, "required"),
                broken(PROSPECTING + ".ads[0].creative", "Nope", "no creative named Nope in this campaign"),
                broken(PROSPECTING + ".ads[0].creative", "Brands - web", "Brands - web shows product set Acme or Globex under 50, its ad squad In stock"),
                broken(PROSPECTING + ".ads[0]", "~", "an empty entry"),
                // names unique under the parent Snap finds them in
                broken(RETARGETING + ".name", "Prospecting", "Prospecting is declared twice in this campaign"),
                broken(PLAIN + ".name", "Framed", "Framed is declared twice in this ad account",
                        BRANDS_WEB + ".template: no dynamic template named Plain in this ad account"),
                broken(BRANDS_WEB + ".name", "In stock - web", "In stock - web is declared twice in this ad account",
                        RETARGETING + ".ads[0].creative: no creative named Brands - web in this campaign"),
                broken(PROSPECTING + ".ads[1]", "{name: Prospecting ad, creative: In stock - web}",
                        PROSPECTING + ".ads[1].name: Prospecting ad is declared twice in this ad squad"),
                broken("ad_accounts[1]", "{ad_account_id: 5b3b2bd1-7c3e-4f0a-9d52-1e8f4c6a2b90}",
                        "ad_accounts[1].ad_account_id: 5b3b2bd1-7c3e-4f0a-9d52-1e8f4c6a2b90 is declared twice in this file"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("oneRuleBroken")
    void eachRuleNamesItsField(String field, String value, List<String> expected) throws Exception {
        Path file = DpaFixtures.validWith(dir, Map.of(field, value));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, CATALOGS));
        assertEquals(expected, refused.problems());
    }

    static Stream<Arguments> withinTheRules() {
        return Stream.of(
                arguments(RETARGETING + ".bid_micro", "10000"),
                arguments(RETARGETING + ".bid_micro", "1000000000"),
                arguments(PROSPECTING + ".daily_budget_micro", "5000000"),
                arguments(FRAME + ".opacity", "75"),
                arguments(TEXT + ".opacity", "100"),
                arguments(TEXT + ".text", "x".repeat(34)),
                arguments(FRAMED + ".background_color", "'fc0'"),
                arguments(IN_STOCK_WEB + ".type", "APP_INSTALL"),
                arguments(RETARGETING + ".optimization_goal", "APP_SIGN_UP"),
                arguments(PROSPECTING + ".pixel_id", DpaFixtures.ABSENT),
                arguments(PROSPECTING + ".targeting.product_audiences", DpaFixtures.ABSENT),
                arguments(PROSPECTING + ".bid_strategy", "MIN_ROAS"),
                arguments(PLAIN + ".layout", "TILT"),
                arguments(IN_STOCK_WEB + ".url_macro_parameters", DpaFixtures.ABSENT));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("withinTheRules")
    void valuesAtTheLimitsPass(String field, String value) throws Exception {
        Map<String, String> edits = new LinkedHashMap<>(Map.of(field, value));
        // the pairs a value needs to be valid: an app creative needs measurement_spec, MIN_ROAS its roas_value_micro
        if (value.equals("APP_INSTALL")) {
            edits.put(C + ".measurement_spec", "{ios_app_id: '447188370', android_app_url: com.snapchat.android}");
        }
        if (value.equals("MIN_ROAS")) {
            edits.put(PROSPECTING + ".roas_value_micro", "2000000");
        }
        Path file = DpaFixtures.validWith(dir, edits);
        assertDoesNotThrow(() -> DpaDeclaration.read(file, CATALOGS));
    }

    @Test
    void aCreativeNameIsUniqueInTheAdAccountAcrossCampaigns() throws Exception {
        Path file = DpaFixtures.validWith(dir, Map.of(A + ".campaigns[1]", DpaFixtures.campaignCopy("DPA 2")));
        List<String> problems = assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, CATALOGS)).problems();
        assertEquals(List.of(
                A + ".campaigns[1].creatives[0].name: In stock - web is declared twice in this ad account",
                A + ".campaigns[1].creatives[1].name: Brands - web is declared twice in this ad account"), problems);
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put(RETARGETING + ".bid_micro", "5000");
        edits.put(RETARGETING + ".pixel_id", DpaFixtures.ABSENT);
        edits.put(AUDIENCE + ".retention_seconds", "3000000");
        edits.put(FRAME + ".opacity", "50");
        edits.put(IN_STOCK_WEB + ".type", "DEEP_LINK");
        edits.put(C + ".catalog", "shoes");
        edits.put(PROSPECTING + ".bid_mirco", "5000");
        List<String> problems = assertThrows(InvalidInputException.class,
                () -> DpaDeclaration.read(DpaFixtures.validWith(dir, edits), CATALOGS)).problems();
        assertEquals(Set.of(
                PROSPECTING + ".bid_mirco: unknown field",
                FRAME + ".opacity: 50 is below 75",
                C + ".catalog: no catalog with key shoes in the catalog declaration",
                IN_STOCK_WEB + ".type: DEEP_LINK needs the campaign's measurement_spec",
                RETARGETING + ".pixel_id: required for retargeting",
                RETARGETING + ".bid_micro: 5,000 is below 10,000",
                AUDIENCE + ".retention_seconds: 3,000,000 is above 2,592,000"), Set.copyOf(problems));
        assertEquals(7, problems.size(), String.join("\n", problems));
    }

    private static Arguments broken(String field, String value, String problem, String... more) {
        String first = problem.startsWith("ad_accounts[") ? problem : field + ": " + problem;
        return arguments(field, value, Stream.concat(Stream.of(first), Stream.of(more)).toList());
    }
}
