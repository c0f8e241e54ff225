package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which route files load: the packaged routes/, each replaced by an override of the same name, plus the override directory's own. */
class RouteFilesTest {

    @TempDir
    Path overrides;

    @Test
    void withoutAnOverrideDirectoryEveryShippedRouteFileIsThePackagedOne() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFiles files = new RouteFiles(context, overrides.resolve("absent"));
            List<String> problems = new ArrayList<>();
            Map<String, String> loaded = byName(files.routes(problems));
            assertEquals(List.of(), problems);
            assertEquals(shippedRouteFiles(), List.copyOf(loaded.keySet()));
            loaded.forEach((name, location) -> assertTrue(packaged(name, location), location));
            assertTrue(files.packaged("snap-catalogs.yaml").exists());
            assertFalse(files.packaged("no-such.yaml").exists());
        }
    }

    @Test
    void anOverrideOfTheSameNameReplacesThePackagedFileAndANewOneIsAdded() throws Exception {
        Files.writeString(overrides.resolve("bsa-pull-report.camel.yaml"), "[]\n");
        Files.writeString(overrides.resolve("bsa-extra.camel.yaml"), "[]\n");
        Files.writeString(overrides.resolve("notes.txt"), "not a route file\n");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFiles files = new RouteFiles(context, overrides);
            Map<String, String> loaded = byName(files.routes(new ArrayList<>()));
            List<String> expected = new ArrayList<>(shippedRouteFiles());
            expected.add("bsa-extra.camel.yaml");
            assertEquals(expected.stream().sorted().toList(), List.copyOf(loaded.keySet()));
            assertEquals("file:" + overrides.resolve("bsa-pull-report.camel.yaml"), loaded.get("bsa-pull-report.camel.yaml"));
            assertEquals("file:" + overrides.resolve("bsa-extra.camel.yaml"), loaded.get("bsa-extra.camel.yaml"));
            assertTrue(packaged("snap-upload-feed.camel.yaml", loaded.get("snap-upload-feed.camel.yaml")));
        }
    }

    /** Found on the classpath: classpath:routes/... in the jar, file:.../target/classes/routes/... in the build. */
    private boolean packaged(String name, String location) {
        return location.endsWith("routes/" + name) && !location.contains(overrides.toString());
    }

    private static Map<String, String> byName(List<Resource> files) {
        Map<String, String> byName = new TreeMap<>();
        files.forEach(file -> byName.put(RouteFiles.name(file), file.getLocation()));
        assertEquals(files.size(), byName.size(), "one file per name");
        return byName;
    }

    /** The project's routes/, the source of what the build packages. */
    private static List<String> shippedRouteFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
