package io.adrelay.snap.dpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.adrelay.common.InvalidInputException;
import io.adrelay.snap.SnapDeclaration;
import io.adrelay.snap.dpa.DpaDeclaration.AdSquad;
import io.adrelay.snap.dpa.DpaDeclaration.Campaign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file as operators write it: the shipped example, defaults, typos and values of the wrong shape. */
class DpaDeclarationReaderTest {

    private static final String SQUAD = "ad_accounts[0].campaigns[0].ad_squads[1]";

    @TempDir
    Path dir;

    @Test
    void theShippedExamplePassesAgainstTheShippedCatalogs() {
        DeclaredProductSets catalogs = DeclaredProductSets.of(SnapDeclaration.read(Path.of("routes/snap-catalogs.yaml")));
        DpaDeclaration declaration = DpaDeclaration.read(Path.of("routes/snap-campaigns.yaml"), catalogs);
        Campaign campaign = declaration.adAccounts().get(0).campaigns().get(0);
        assertEquals("demo", campaign.catalog());
        assertEquals(List.of("PROSPECTING", "RETARGETING"), campaign.adSquads().stream().map(AdSquad::useCase).toList());
        assertEquals(List.of("In stock", "Acme or Globex under 50"), campaign.adSquads().stream().map(AdSquad::productSet).toList());
    }

    @Test
    void aMissingFileDeclaresNothing() {
        assertTrue(DpaDeclaration.read(dir.resolve("absent.yaml"), DpaDeclarationCheckTest.CATALOGS).adAccounts().isEmpty());
    }

    @Test
    void whatFollowsFromTheSpecIsFilledIn() {
        DpaDeclaration declaration = DpaDeclaration.read(DpaFixtures.VALID, DpaDeclarationCheckTest.CATALOGS);
        Campaign campaign = declaration.adAccounts().get(0).campaigns().get(0);
        AdSquad prospecting = campaign.adSquads().get(0);
        // a status left out is not enforced: created PAUSED, then left as it is at Snap
        assertNull(campaign.status());
        assertNull(prospecting.status());
        assertEquals("PAUSED", DpaDeclaration.statusAtCreation(prospecting.ads().get(0).status()));
        assertEquals("ACTIVE", campaign.adSquads().get(1).ads().get(0).status());
        assertEquals("IMPRESSION", prospecting.billingEvent());
        assertEquals("SNAP_ADS", prospecting.type());
        assertEquals("DAILY_BUDGET", prospecting.deliveryConstraint());
        assertEquals("AUTOMATIC", prospecting.placementV2().path("config").asText());
        assertEquals(DpaDeclaration.TEMPLATE_URL, declaration.adAccounts().get(0).dynamicTemplates().get(0).iosUrl());
        assertEquals("REMOTE_WEBPAGE", campaign.creatives().get(0).adType());
        // targeting fields adrelay does not model are kept as written, for Snap
        assertEquals("us", prospecting.targeting().otherFields().get("geos").get(0).path("country_code").asText());
        assertEquals(1, prospecting.targeting().productAudiences().size());
    }

    @Test
    void amountsMayBeWrittenAsTheSpecsExamplesSendThem() throws Exception {
        Path file = DpaFixtures.validWith(dir, Map.of(SQUAD + ".bid_micro", "'1000000'"));
        assertEquals(1_000_000L, DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS)
                .adAccounts().get(0).campaigns().get(0).adSquads().get(1).bidMicro());
    }

    @Test
    void aTypoIsAProblemNotASilentDefault() throws Exception {
        assertProblems(Map.of(SQUAD + ".bid_mirco", "1000000"), SQUAD + ".bid_mirco: unknown field");
    }

    @Test
    void aValueOfTheWrongShapeIsNamed() throws Exception {
        assertProblems(Map.of(SQUAD + ".bid_micro", "lots"), SQUAD + ".bid_micro: expected a whole number (is lots)");
        assertProblems(Map.of(SQUAD + ".ads", "none"), SQUAD + ".ads: expected a list (is none)");
        assertProblems(Map.of(SQUAD + ".targeting", "everyone"), SQUAD + ".targeting: expected a mapping of fields (is everyone)");
        assertProblems(Map.of(SQUAD + ".name", "[a, b]"), SQUAD + ".name: expected a text");
        assertProblems(Map.of("ad_accounts[0].dynamic_templates[0].overlay_specs[1].opacity", "80.5"),
                "ad_accounts[0].dynamic_templates[0].overlay_specs[1].opacity: expected a whole number (is 80.5)");
    }

    @Test
    void theFileItselfIsCheckedToo() throws Exception {
        Path file = dir.resolve("top.yaml");
        Files.writeString(file, "ad_account:\n  - ad_account_id: 5b3b2bd1-7c3e-4f0a-9d52-1e8f4c6a2b90\n");
        assertEquals(List.of("ad_account: unknown field"),
                assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS)).problems());
        Files.writeString(file, "ad_accounts: none\n");
        assertEquals(List.of("ad_accounts: expected a list (is none)"),
                assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS)).problems());
        Files.writeString(file, "# nothing declared yet\n");
        assertTrue(DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS).adAccounts().isEmpty());
    }

    @Test
    void unquotedColoursKeepTheirDigits() throws Exception {
        Path file = dir.resolve("colours.yaml");
        Files.writeString(file, Files.readString(DpaFixtures.VALID)
                .replace("text_color: \"4287F5\"", "text_color: 000").replace("background_color: \"FFFF00\"", "background_color: 010"));
        DpaDeclaration declaration = DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS);
        DpaDeclaration.DynamicTemplate template = declaration.adAccounts().get(0).dynamicTemplates().get(0);
        assertEquals("010", template.backgroundColor());
        assertEquals("000", template.overlaySpecs().get(2).textOverlayProperties().textColor());
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        Path file = dir.resolve("twice.yaml");
        Files.writeString(file, Files.readString(DpaFixtures.VALID).replace("catalog: demo", "catalog: demo\n        catalog: other"));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS));
        assertTrue(refused.getMessage().contains("not readable YAML") && refused.getMessage().contains("catalog"), refused.getMessage());
    }

    private void assertProblems(Map<String, String> edits, String... expected) throws Exception {
        Path file = DpaFixtures.validWith(dir, edits);
        List<String> problems = assertThrows(InvalidInputException.class, () -> DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS)).problems();
        assertEquals(List.of(expected), problems);
    }

    @Test
    void aFileOverOneMebibyteIsRefusedUnread() throws Exception {
        Path file = dir.resolve("snap-campaigns.yaml");
        Files.writeString(file, "ad_accounts: []\n# " + "x".repeat((int) SnapDeclaration.MAX_FILE_BYTES) + "\n");

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> DpaDeclaration.read(file, DpaDeclarationCheckTest.CATALOGS));
        assertTrue(refused.getMessage().startsWith("Snap DPA declaration " + file + " is " + Files.size(file) + " bytes"),
                refused.getMessage());
    }

}
