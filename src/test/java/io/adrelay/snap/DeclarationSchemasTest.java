package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.adrelay.common.InvalidInputException;
import io.adrelay.snap.dpa.DeclaredProductSets;
import io.adrelay.snap.dpa.DpaDeclaration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas shipped beside the operator's Snap declarations (routes/snap-catalogs.schema.json,
 * routes/snap-campaigns.schema.json), which an editor uses to flag a wrong field before the file is saved, say
 * what adrelay says: the shipped files and the README's example pass both, and each wrong file below is flagged
 * by the schema and refused by adrelay, each accepted variant passes both. (What a schema cannot see, such as
 * names declared twice or a product set that does not exist, adrelay alone checks.)
 */
class DeclarationSchemasTest {

    static final Path CATALOGS = Path.of("routes/snap-catalogs.yaml");
    static final Path CAMPAIGNS = Path.of("routes/snap-campaigns.yaml");
    static final String REMOVED = "<removed>";

    static final YAMLMapper YAML = new YAMLMapper();
    static final Schema CATALOGS_SCHEMA = schema("snap-catalogs.schema.json");
    static final Schema CAMPAIGNS_SCHEMA = schema("snap-campaigns.schema.json");

    @TempDir
    Path dir;

    static Schema schema(String name) {
        try (InputStream in = Files.newInputStream(Path.of("routes", name))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eachDeclarationNamesItsSchemaOnItsFirstLineAndTheSchemaIsPackagedBesideIt() throws IOException {
        for (Path file : List.of(CATALOGS, CAMPAIGNS)) {
            String schema = file.getFileName().toString().replace(".yaml", ".schema.json");
            assertEquals("# yaml-language-server: $schema=./" + schema, Files.readAllLines(file).get(0), file + ": the line VS Code's YAML extension reads");
            assertNotNull(getClass().getResource("/routes/" + schema), schema + " is packaged with the routes");
        }
    }

    @Test
    void theShippedDeclarationsAreValidAndAccepted() throws IOException {
        assertEquals(List.of(), problems(CATALOGS_SCHEMA, CATALOGS));
        assertEquals(List.of(), problems(CAMPAIGNS_SCHEMA, CAMPAIGNS));
        assertDoesNotThrow(() -> SnapDeclaration.read(CATALOGS));
        assertDoesNotThrow(() -> DpaDeclaration.read(CAMPAIGNS, catalogs()));
    }

    @Test
    void theReadmesExampleDeclarationIsValidAndAccepted() throws IOException {
        Matcher example = Pattern.compile("## Snap DPA campaigns.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertTrue(example.find(), "the README's DPA example");
        Path file = Files.writeString(dir.resolve("readme-campaigns.yaml"), example.group(1));
        assertEquals(List.of(), problems(CAMPAIGNS_SCHEMA, file));
        assertDoesNotThrow(() -> DpaDeclaration.read(file, catalogs()));
    }

    static Stream<Arguments> wrongCatalogs() {
        String rules = Stream.generate(() -> "{BRAND: {EQ: Acme}}").limit(11).toList().toString();
        return Stream.of(
                Arguments.of("an unknown vertical", List.of("/catalogs/0/vertical := RETAIL")),
                Arguments.of("an organization id that is no UUID", List.of("/catalogs/0/organization_id := not-a-uuid")),
                Arguments.of("a feed key with a space", List.of("/catalogs/0/feeds/0/key := demo feed")),
                Arguments.of("a feed without its currency", List.of("/catalogs/0/feeds/0/default_currency := " + REMOVED)),
                Arguments.of("a supplemental feed without a parent", List.of("/catalogs/0/feeds/0/feed_type := SUPPLEMENTAL")),
                Arguments.of("a primary feed with a parent", List.of("/catalogs/0/feeds/0/parent := other")),
                Arguments.of("an unknown update type", List.of("/catalogs/0/feeds/0/update_type := MERGE")),
                Arguments.of("a product set name of 2 characters", List.of("/catalogs/0/product_sets/0/name := ab")),
                Arguments.of("a product set without a filter", List.of("/catalogs/0/product_sets/0/filter := " + REMOVED)),
                Arguments.of("an unknown filter attribute", List.of("/catalogs/0/product_sets/0/filter := {SHAPE: {EQ: round}}")),
                Arguments.of("an operator the attribute does not allow", List.of("/catalogs/0/product_sets/0/filter := {AVAILABILITY: {GT: IN_STOCK}}")),
                Arguments.of("a value the attribute does not have", List.of("/catalogs/0/product_sets/0/filter := {AVAILABILITY: {EQ: SOLD}}")),
                Arguments.of("two operators in one rule", List.of("/catalogs/0/product_sets/0/filter := {PRICE_AMOUNT: {GT: '1.00', LT: '9.00'}}")),
                Arguments.of("a price with 3 decimals", List.of("/catalogs/0/product_sets/0/filter := {PRICE_AMOUNT: {LT: '9.999'}}")),
                Arguments.of("IS_ANY with a value that is not alphanumeric", List.of("/catalogs/0/product_sets/1/filter/AND/0/BRAND/IS_ANY := [Acme, Globex Corp]")),
                Arguments.of("11 rules under AND", List.of("/catalogs/0/product_sets/1/filter/AND := " + rules)),
                Arguments.of("AND nested in AND", List.of("/catalogs/0/product_sets/1/filter/AND/0 := {AND: [{BRAND: {EQ: Acme}}]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongCatalogs")
    void aWrongCatalogDeclarationIsFlaggedByTheSchemaAndRefusedByAdrelay(String what, List<String> edits) throws IOException {
        Path file = edited(CATALOGS, edits);
        assertFalse(problems(CATALOGS_SCHEMA, file).isEmpty(), what + ": the schema flags it");
        assertThrows(InvalidInputException.class, () -> SnapDeclaration.read(file), what + ": adrelay refuses it");
    }

    static Stream<Arguments> acceptedCatalogs() {
        return Stream.of(
                Arguments.of("a supplemental feed of the primary one", List.of(
                        "/catalogs/0/feeds/1 := {key: extra, name: extra columns, default_currency: EUR, feed_type: SUPPLEMENTAL, parent: demo}")),
                Arguments.of("a feed with its own schedule, always uploaded", List.of(
                        "/catalogs/0/feeds/0/schedule := {cron: '0 0 6 * * ?', time_zone: Europe/Berlin}", "/catalogs/0/feeds/0/upload_always := true")),
                Arguments.of("a price as a number", List.of("/catalogs/0/product_sets/0/filter := {PRICE_AMOUNT: {LT: 50}}")),
                Arguments.of("OR over string operators", List.of(
                        "/catalogs/0/product_sets/0/filter := {OR: [{TITLE: {I_CONTAINS: shoe}}, {CUSTOM_LABEL_0: {I_IS_NOT_ANY: [sale, old]}}]}")),
                Arguments.of("the defaults left out", List.of("/catalogs/0/vertical := " + REMOVED, "/catalogs/0/feeds/0/feed_type := " + REMOVED,
                        "/catalogs/0/feeds/0/update_type := " + REMOVED)),
                Arguments.of("undeclared product sets deleted, with event sources", List.of("/catalogs/0/delete_undeclared_product_sets := true",
                        "/catalogs/0/event_sources := [{id: 9315b2c2-3680-411d-b6c1-d17de25fc1e0, type: PIXEL}]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCatalogs")
    void anAcceptedCatalogDeclarationIsValid(String what, List<String> edits) throws IOException {
        Path file = edited(CATALOGS, edits);
        assertEquals(List.of(), problems(CATALOGS_SCHEMA, file), what);
        assertDoesNotThrow(() -> SnapDeclaration.read(file), what);
    }

    static Stream<Arguments> wrongCampaigns() {
        String squad = "/ad_accounts/0/campaigns/0/ad_squads/";
        String template = "/ad_accounts/0/dynamic_templates/0/";
        return Stream.of(
                Arguments.of("a field adrelay does not know (a typo)", List.of(squad + "0/bid_strategey := AUTO_BID")),
                Arguments.of("a field at the top adrelay does not know", List.of("/campaigns := []")),
                Arguments.of("an ad account id that is no UUID", List.of("/ad_accounts/0/ad_account_id := act_123")),
                Arguments.of("an unknown layout", List.of(template + "layout := GRID")),
                Arguments.of("three text fields", List.of(template + "text_fields := [title, price, brand]")),
                Arguments.of("a colour with '#'", List.of(template + "overlay_specs/0/text_overlay_properties/text_color := '#000'")),
                Arguments.of("an opacity of 50", List.of(template + "overlay_specs/0/opacity := 50")),
                Arguments.of("an overlay text of 35 characters", List.of(template + "overlay_specs/0/text := " + "x".repeat(35))),
                Arguments.of("an IMAGE overlay without media", List.of(template + "overlay_specs/0/type := IMAGE")),
                Arguments.of("a FRAME overlay off centre", List.of(template + "overlay_specs/0/type := FRAME",
                        template + "overlay_specs/0/media_id := 9315b2c2-3680-411d-b6c1-d17de25fc1e0")),
                Arguments.of("an unknown campaign status", List.of("/ad_accounts/0/campaigns/0/status := RUNNING")),
                Arguments.of("a campaign without its catalog", List.of("/ad_accounts/0/campaigns/0/catalog := " + REMOVED)),
                Arguments.of("a start time that is no time", List.of("/ad_accounts/0/campaigns/0/start_time := tomorrow")),
                Arguments.of("an APP_INSTALL creative without measurement_spec", List.of("/ad_accounts/0/campaigns/0/creatives/0/type := APP_INSTALL")),
                Arguments.of("a creative without a headline", List.of("/ad_accounts/0/campaigns/0/creatives/0/headline := " + REMOVED)),
                Arguments.of("url macro parameters that are no pairs", List.of("/ad_accounts/0/campaigns/0/creatives/0/url_macro_parameters := utm_campaign")),
                Arguments.of("a bid below 10,000", List.of(squad + "1/bid_micro := 5000")),
                Arguments.of("TARGET_COST without a bid", List.of(squad + "1/bid_micro := " + REMOVED)),
                Arguments.of("MIN_ROAS without roas_value_micro", List.of(squad + "0/bid_strategy := MIN_ROAS")),
                Arguments.of("roas_value_micro without MIN_ROAS", List.of(squad + "0/roas_value_micro := 2000000")),
                Arguments.of("a daily budget below 5,000,000", List.of(squad + "0/daily_budget_micro := 1000000")),
                Arguments.of("both budgets", List.of(squad + "0/lifetime_budget_micro := 100000000")),
                Arguments.of("no budget", List.of(squad + "0/daily_budget_micro := " + REMOVED)),
                Arguments.of("a budget as words", List.of(squad + "0/daily_budget_micro := fifty million")),
                Arguments.of("retargeting without a pixel", List.of(squad + "1/pixel_id := " + REMOVED)),
                Arguments.of("a prospecting goal for retargeting", List.of(squad + "1/optimization_goal := IMPRESSIONS")),
                Arguments.of("a PIXEL goal without a pixel", List.of(squad + "0/pixel_id := " + REMOVED, squad + "0/optimization_goal := PIXEL_PURCHASE")),
                Arguments.of("retargeting without product audiences", List.of(squad + "1/targeting/product_audiences := " + REMOVED)),
                Arguments.of("a retention of more than 30 days", List.of(squad + "0/targeting/product_audiences/0/retention_seconds := 3000000")),
                Arguments.of("an unknown audience event", List.of(squad + "0/targeting/product_audiences/0/event_type := CHECKOUT")),
                Arguments.of("an ad squad without targeting", List.of(squad + "0/targeting := " + REMOVED)),
                Arguments.of("an ad without its creative", List.of(squad + "0/ads/0/creative := " + REMOVED)),
                Arguments.of("an empty entry", List.of(squad + "0/ads/1 := null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongCampaigns")
    void aWrongCampaignDeclarationIsFlaggedByTheSchemaAndRefusedByAdrelay(String what, List<String> edits) throws IOException {
        Path file = edited(CAMPAIGNS, edits);
        assertFalse(problems(CAMPAIGNS_SCHEMA, file).isEmpty(), what + ": the schema flags it");
        assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, catalogs()), what + ": adrelay refuses it");
    }

    static Stream<Arguments> acceptedCampaigns() {
        String squad = "/ad_accounts/0/campaigns/0/ad_squads/";
        return Stream.of(
                Arguments.of("statuses left out", List.of("/ad_accounts/0/campaigns/0/status := " + REMOVED, squad + "0/ads/0/status := PAUSED")),
                Arguments.of("MIN_ROAS with its value", List.of(squad + "0/bid_strategy := MIN_ROAS", squad + "0/roas_value_micro := 2000000")),
                Arguments.of("a lifetime budget", List.of(squad + "0/daily_budget_micro := " + REMOVED, squad + "0/lifetime_budget_micro := '100000000'")),
                Arguments.of("an APP_INSTALL creative with measurement_spec", List.of("/ad_accounts/0/campaigns/0/creatives/0/type := APP_INSTALL",
                        "/ad_accounts/0/campaigns/0/measurement_spec := {ios_app_id: '1234567890'}")),
                Arguments.of("optional ad squad fields, targeting as Snap has it", List.of(squad + "0/pacing_type := STANDARD",
                        squad + "0/placement_v2 := {config: CUSTOM, platforms: [SNAPCHAT]}", squad + "0/story_ad_creative_type := WEB_VIEW",
                        squad + "0/measurement_provider_names := [MOAT_SS]", squad + "0/targeting/demographics := [{min_age: '18'}]",
                        squad + "0/end_time := '2027-01-01T00:00:00Z'")),
                Arguments.of("a FRAME overlay at the centre", List.of("/ad_accounts/0/dynamic_templates/0/overlay_specs/0/type := FRAME",
                        "/ad_accounts/0/dynamic_templates/0/overlay_specs/0/position := CENTER",
                        "/ad_accounts/0/dynamic_templates/0/overlay_specs/0/media_id := 9315b2c2-3680-411d-b6c1-d17de25fc1e0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCampaigns")
    void anAcceptedCampaignDeclarationIsValid(String what, List<String> edits) throws IOException {
        Path file = edited(CAMPAIGNS, edits);
        assertEquals(List.of(), problems(CAMPAIGNS_SCHEMA, file), what);
        assertDoesNotThrow(() -> DpaDeclaration.read(file, catalogs()), what);
    }

    private static DeclaredProductSets catalogs() {
        return DeclaredProductSets.of(SnapDeclaration.read(CATALOGS));
    }

    /** The schema's complaints about the file as an editor reads it, each with where it is. */
    private static List<String> problems(Schema schema, Path file) throws IOException {
        return schema.validate(YAML.readTree(file.toFile())).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** A copy of the declaration with each "pointer := yaml" edit made (REMOVED removes the field, an index one past the end appends). */
    private Path edited(Path declaration, List<String> edits) throws IOException {
        JsonNode root = YAML.readTree(declaration.toFile());
        for (String edit : edits) {
            String[] parts = edit.split(" := ", 2);
            JsonPointer pointer = JsonPointer.compile(parts[0]);
            JsonNode parent = root.at(pointer.head());
            String last = pointer.last().getMatchingProperty();
            if (parent instanceof ObjectNode object) {
                if (parts[1].equals(REMOVED)) {
                    assertNotNull(object.remove(last), edit + ": nothing to remove");
                } else {
                    object.set(last, YAML.readTree(parts[1]));
                }
            } else if (parent instanceof ArrayNode array) {
                int index = pointer.last().getMatchingIndex();
                JsonNode value = YAML.readTree(parts[1]);
                if (index == array.size()) {
                    array.add(value);
                } else {
                    array.set(index, value);
                }
            } else {
                throw new IllegalArgumentException(edit + ": no field or list at " + pointer.head());
            }
        }
        Path file = dir.resolve(declaration.getFileName());
        YAML.writeValue(file.toFile(), root);
        return file;
    }
}
