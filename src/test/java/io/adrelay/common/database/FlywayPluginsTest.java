package io.adrelay.common.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The runnable jar keeps one META-INF/services file of a name, so it gets Flyway's plugin list merged by hand
 * (src/assembly/flyway-plugins, see runnable-jar.xml): every plugin that flyway-core and flyway-database-postgresql
 * list must be in it, or the cluster profile's migration fails at start, in the jar only.
 */
class FlywayPluginsTest {

    private static final String SERVICES = "META-INF/services/org.flywaydb.core.extensibility.Plugin";

    @Test
    void theMergedListHoldsEveryPluginFlywaysJarsList() throws Exception {
        Set<String> merged = plugins(Files.readString(Path.of("src/assembly/flyway-plugins")));
        List<URL> lists = Collections.list(getClass().getClassLoader().getResources(SERVICES));
        Set<String> listed = new TreeSet<>();
        for (URL list : lists) {
            try (InputStream in = list.openStream()) {
                listed.addAll(plugins(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertEquals(2, lists.size(), "flyway-core's list and flyway-database-postgresql's: " + lists);
        assertTrue(listed.size() > 20, listed.toString());
        listed.removeAll(merged);
        assertEquals(Set.of(), listed, "plugins missing from src/assembly/flyway-plugins");
    }

    private static Set<String> plugins(String list) {
        Set<String> plugins = new TreeSet<>();
        list.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(plugins::add);
        return plugins;
    }
}
