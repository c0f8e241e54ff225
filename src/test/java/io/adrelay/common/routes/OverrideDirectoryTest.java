package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The override directory is made at start with a README of its own; a folder of the operator's gets none. */
class OverrideDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsMadeWithItsReadme_whichIsRefreshedAtTheNextStart() throws Exception {
        Path routes = dir.resolve("data/routes");
        OverrideDirectory.prepare(routes, true);
        assertArrayEquals(OverrideDirectory.readme(), Files.readAllBytes(routes.resolve("README.md")));
        assertTrue(new String(OverrideDirectory.readme()).contains("java -jar adrelay.jar check"), "it says how to check a change");

        // an older adrelay's README (same first line) is replaced; the operator's files beside it are not touched
        Files.writeString(routes.resolve("README.md"), "# adrelay's override directory\nold text\n");
        Files.writeString(routes.resolve("nightly-pull.camel.yaml"), "x");
        OverrideDirectory.prepare(routes, true);
        assertArrayEquals(OverrideDirectory.readme(), Files.readAllBytes(routes.resolve("README.md")));
        assertEquals("x", Files.readString(routes.resolve("nightly-pull.camel.yaml")));
    }

    @Test
    void theDefaultFolderMadeBeforeGetsItsReadme() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("data/routes"));
        OverrideDirectory.prepare(routes, true);
        assertArrayEquals(OverrideDirectory.readme(), Files.readAllBytes(routes.resolve("README.md")));
    }

    /** A folder ADRELAY_ROUTES_DIR names that exists already. */
    @Test
    void aFolderOfTheOperatorsGetsNoReadme_andAnotherReadmeThereIsLeftAlone() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/routes"));
        OverrideDirectory.prepare(project, false);
        assertFalse(Files.exists(project.resolve("README.md")), "a project's routes/ is not written to");
        Files.writeString(project.resolve("README.md"), "# our routes\n");
        OverrideDirectory.prepare(project, false);
        assertEquals("# our routes\n", Files.readString(project.resolve("README.md")));
    }

    @Test
    void aFolderThatCannotBeMadeStopsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        OverrideDirectory.prepare(file.resolve("routes"), true);
        assertEquals("x", Files.readString(file));
    }
}
