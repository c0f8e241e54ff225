package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's catalog declaration: the shipped one is valid and wired; Snap's limits are enforced before any call. */
class SnapDeclarationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ORG = "8fdeefec-f502-4ca8-9a84-6411e0a51058";

    @TempDir
    Path dir;

    @Test
    void theShippedDeclarationIsValid() {
        SnapDeclaration declaration = SnapDeclaration.read(Path.of("routes/snap-catalogs.yaml"));
        assertFalse(declaration.catalogs().isEmpty());
        assertFalse(declaration.catalogs().get(0).feeds().isEmpty());
    }

    @Test
    void aMissingFileDeclaresNothing() {
        assertTrue(SnapDeclaration.read(dir.resolve("absent.yaml")).catalogs().isEmpty());
    }

    @Test
    void readsCatalogsFeedsAndProductSets() throws Exception {
        SnapDeclaration declaration = SnapDeclaration.read(write(catalog("shop", "Shop", """
                    feeds:
                      - {key: shoes, name: Shoes, default_currency: EUR, update_type: UPSERT, upload_always: true,
                         schedule: {cron: "0 15 6 * * ?", time_zone: Europe/Berlin}}
                      - {key: shoes-extra, name: Shoes extra, default_currency: EUR, feed_type: SUPPLEMENTAL, parent: shoes}
                    product_sets:
                      - {name: Red, filter: {COLOR: {IS_ANY: [red, crimson]}}}
                """)));
        SnapDeclaration.Feed shoes = declaration.feed("shoes");
        assertEquals("UPSERT", shoes.updateType());
        assertTrue(shoes.uploadAlways());
        assertEquals("shop", shoes.catalogKey());
        assertEquals("0 15 6 * * ?", shoes.cron());
        assertEquals("Europe/Berlin", shoes.timeZone());
        assertTrue(declaration.feed("shoes-extra").supplemental());
        assertEquals("", declaration.feed("shoes-extra").cron(), "no schedule of its own: the default one");
        assertEquals("COMMERCE", declaration.catalog("shop").vertical());
        assertEquals(1, declaration.catalog("shop").productSets().size());
    }

    @Test
    void everyProblemIsNamedAndNothingIsAccepted() throws Exception {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> SnapDeclaration.read(write(catalog("shop", "", """
                    vertical: SHOES
                    feeds:
                      - {key: shoes, name: Shoes, default_currency: EURO, schedule: {cron: "0 0 25 * * ?", time_zone: Mars/Olympus}}
                      - {key: more, name: More, default_currency: USD, feed_type: SUPPLEMENTAL, parent: nowhere}
                    product_sets:
                      - {name: ab, filter: {AVAILABILITY: {CONTAINS: IN}}}
                      - {name: Stocked, filter: {AVAILABILITY: {EQ: SOMETIMES}}}
                      - {name: Many brands, filter: {BRAND: {IS_ANY: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11]}}}
                      - {name: Odd brand, filter: {BRAND: {IS_ANY: [a-b]}}}
                      - {name: Cheap, filter: {PRICE_AMOUNT: {LT: "9.999"}}}
                      - {name: Nested, filter: {AND: [{OR: [{BRAND: {EQ: a}}]}]}}
                      - {name: Unknown, filter: {FLAVOUR: {EQ: sweet}}}
                """))));
        List<String> problems = refused.problems();
        assertEquals(14, problems.size(), String.join("\n", problems));
        assertHas(problems, "catalogs[0].name: 1 to 375 characters");
        assertHas(problems, "catalogs[0].vertical");
        assertHas(problems, "feeds[0].default_currency");
        assertHas(problems, "feeds[0].schedule.cron \"0 0 25 * * ?\" is not a Quartz cron");
        assertHas(problems, "feeds[0].schedule.time_zone Mars/Olympus is not a time zone");
        assertHas(problems, "parent nowhere is not a declared PRIMARY feed");
        assertHas(problems, "product_sets[0].name: 3 to 255 characters");
        assertHas(problems, "AVAILABILITY allows [EQ, NEQ], not CONTAINS");
        assertHas(problems, "AVAILABILITY.EQ: one of");
        assertHas(problems, "IS_ANY: a list of 1 to 10 strings");
        assertHas(problems, "\"a-b\" is not an alphanumeric string");
        assertHas(problems, "PRICE_AMOUNT.LT: a number with at most 2 decimals");
        assertHas(problems, "one logical operator only, no nesting");
        assertHas(problems, "unknown attribute FLAVOUR");
    }

    @Test
    void snapsCountLimitsAreEnforced() throws Exception {
        StringBuilder sets = new StringBuilder("    product_sets:\n");
        for (int i = 0; i < 51; i++) {
            sets.append("      - {name: Set ").append(i).append(", filter: {BRAND: {EQ: b").append(i).append("}}}\n");
        }
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            rules.append(i == 0 ? "" : ", ").append("{COLOR: {EQ: c").append(i).append("}}");
        }
        List<String> problems = assertThrows(InvalidInputException.class, () -> SnapDeclaration.read(write(
                catalog("big", "Big", sets.toString()) + catalog("small", "Small",
                        "    product_sets:\n      - {name: Colours, filter: {OR: [" + rules + "]}}\n").replace("catalogs:\n", ""))))
                .problems();
        assertHas(problems, "product_sets: 51 sets; Snap allows 50 per catalog");
        assertHas(problems, "OR: 11 rules; Snap allows at most 10 per product set");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    @Test
    void filtersAreCheckedAgainstTheSpecsAttributeTable() {
        assertEquals(List.of(), SnapFilterRules.problems("f", json("{\"AND\": [{\"PRICE_AMOUNT\": {\"GT\": \"15.50\"}}, {\"PRICE_CURRENCY\": {\"EQ\": \"USD\"}}]}")));
        assertEquals(List.of(), SnapFilterRules.problems("f", json("{\"TITLE\": {\"I_CONTAINS\": \"Red Shoes\"}}")));
        assertEquals(1, SnapFilterRules.problems("f", json("{\"GENDER\": {\"IS_ANY\": [\"MALE\"]}}")).size());
        assertEquals(1, SnapFilterRules.problems("f", json("{\"TITLE\": {\"EQ\": \"\"}}")).size());
        assertEquals(1, SnapFilterRules.problems("f", json("{\"BRAND\": {\"EQ\": \"a\"}, \"COLOR\": {\"EQ\": \"b\"}}")).size());
    }

    private static void assertHas(List<String> problems, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)), "no problem mentions '" + fragment + "' in\n" + String.join("\n", problems));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("catalogs.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String catalog(String key, String name, String rest) {
        return "catalogs:\n  - key: " + key + "\n    organization_id: " + ORG + "\n    name: \"" + name + "\"\n" + rest;
    }

    private static JsonNode json(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aFileOverOneMebibyteIsRefusedUnread() throws Exception {
        Path file = dir.resolve("snap-catalogs.yaml");
        Files.writeString(file, "catalogs: []\n# " + "x".repeat((int) SnapDeclaration.MAX_FILE_BYTES) + "\n");

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> SnapDeclaration.read(file));
        assertTrue(refused.getMessage().contains("is " + Files.size(file) + " bytes; a declaration is at most 1048576 bytes"),
                refused.getMessage());
    }

}
