package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline check of the Snap declarations of a folder: adrelay's rules, then the schema's, each at its line. */
class DeclarationFileCheckTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();

    private List<String> problems() {
        return DeclarationFileCheck.problems(dir, name -> ResourceHelper.resolveResource(context, "classpath:routes/" + name));
    }

    @Test
    void theShippedDeclarationsPass_andAFolderWithoutAnyChecksThePackagedOnes() throws Exception {
        assertEquals(List.of(), problems());
        Files.copy(Path.of("routes/snap-catalogs.yaml"), dir.resolve("snap-catalogs.yaml"));
        Files.copy(Path.of("routes/snap-campaigns.yaml"), dir.resolve("snap-campaigns.yaml"));
        assertEquals(List.of(), problems());
    }

    @Test
    void eachRuleBrokenIsNamedAtItsLine() throws Exception {
        Files.copy(Path.of("src/test/resources/check/broken-files/snap-catalogs.yaml"), dir.resolve("snap-catalogs.yaml"));
        String file = "declaration " + dir.resolve("snap-catalogs.yaml");
        assertEquals(List.of(file + ", line 4: catalogs[0].organization_id: the Snap organization id (a UUID)",
                file + ", line 10: catalogs[0].feeds[0].default_currency: a three-letter ISO 4217 code, e.g. USD",
                file + ", line 11: catalogs[0].feeds[0].schedule.cron \"0 0 25 * * ?\" is not a Quartz cron (sec min hour day-of-month month"
                        + " day-of-week): Hour values must be between 0 and 23"), problems());
    }

    /** adrelay and the schema both refuse an unknown campaign field: said once, by adrelay, at the field's own line. */
    @Test
    void aFieldBothRefuseIsSaidOnce_andCampaignsWaitForTheirCatalogs() throws Exception {
        Files.writeString(dir.resolve("snap-campaigns.yaml"), """
                ad_accounts:
                  - ad_account_id: 5b3b2bd1-7c3e-4f0a-9d52-1e8f4c6a2b90
                    bogus: 1
                """);
        String campaigns = "declaration " + dir.resolve("snap-campaigns.yaml");
        assertEquals(List.of(campaigns + ", line 3: ad_accounts[0].bogus: unknown field"), problems());

        Files.writeString(dir.resolve("snap-catalogs.yaml"), "catalogs:\n  - key: demo\n   name: x\n");
        List<String> problems = problems();
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith("declaration " + dir.resolve("snap-catalogs.yaml") + ": Snap declaration "), problems.get(0));
        assertEquals(true, problems.get(0).contains("line 3, column 4") && !problems.get(0).contains("\n"), problems.get(0));
        assertEquals(campaigns + ": what it names in snap-catalogs.yaml is not checked until that file is taken", problems.get(1));
        // with the catalogs refused, only the schema speaks of the campaigns' own fields
        assertEquals(campaigns + ", line 2: (schema) /ad_accounts/0: property 'bogus' is not defined in the schema and the schema does not"
                + " allow additional properties", problems.get(2));
    }

    @Test
    void linesOfPathsAndPointers() {
        DeclarationLines lines = DeclarationLines.of(new java.io.ByteArrayInputStream("""
                # comment
                catalogs:
                  - key: demo
                    feeds:
                      - key: a
                        name: A
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(6, lines.ofProblem("catalogs[0].feeds[0].name: too long"));
        assertEquals(5, lines.ofProblem("catalogs[0].feeds[0].missing: required"), "the deepest field the file has");
        assertEquals(2, lines.ofPointer("/catalogs"));
        assertEquals(0, lines.ofProblem("organization x: 201 catalogs"));
    }
}
