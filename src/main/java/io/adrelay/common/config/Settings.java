package io.adrelay.common.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;

/** Typed reads of adrelay's properties, resolved through Camel's properties component (env and -D included). */
public final class Settings {

    public static final Set<String> ALL_FLOWS = Set.of("statlas", "apisync", "snap", "bsa");

    /**
     * Where the settings are read: an application.properties in the working directory first, then the packaged one.
     * Camel takes a key from the first location that has it, so the working directory's file must come first to override
     * the packaged defaults (the other way round it could only add keys).
     */
    public static final String LOCATIONS = "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    /** The resolved value, or "" when the key is absent or empty. */
    public String get(String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .map(v -> context.resolvePropertyPlaceholders(v).trim()).orElse("");
    }

    /** A number application.properties defines (its default lives there, not in Java). */
    public int getInt(String key) {
        return Integer.parseInt(required(key));
    }

    public long getLong(String key) {
        return Long.parseLong(required(key));
    }

    private String required(String key) {
        String v = get(key);
        if (v.isEmpty()) {
            throw new ConfigurationException(key + " is not set (its default is in application.properties)");
        }
        return v;
    }

    /** ADRELAY_PROFILE, exactly sandbox or prod (a ConfigurationException otherwise). */
    public Profile profile() {
        return Profile.of(get("adrelay.profile"));
    }

    public boolean sandbox() {
        return profile() == Profile.SANDBOX;
    }

    /** ADRELAY_FLOWS, each one known (a ConfigurationException naming the unknown ones otherwise). */
    public Set<String> flows() {
        Set<String> flows = namedFlows();
        Set<String> unknown = flows.stream().filter(f -> !ALL_FLOWS.contains(f)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("ADRELAY_FLOWS names " + String.join(", ", unknown)
                    + ", which is not a flow: use any of statlas, apisync, snap, bsa");
        }
        return flows;
    }

    /** ADRELAY_FLOWS as written, known or not. */
    public Set<String> namedFlows() {
        return Arrays.stream(get("adrelay.flows").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** ADRELAY_DATA_DIR, or the profile's own default. */
    public String dataDir() {
        String dir = get("adrelay.data-dir");
        return dir.isEmpty() ? profile().defaultDataDir() : dir;
    }

    /**
     * The override directory of the route files and declarations: ADRELAY_ROUTES_DIR, or routes/ in the data dir (never the
     * project's own routes/, which a run from the project's folder would otherwise edit, and the next build package).
     */
    public java.nio.file.Path routesDir() {
        String dir = get("adrelay.routes.dir");
        return (dir.isEmpty() ? java.nio.file.Path.of(dataDir()).resolve(OVERRIDE_DIR_NAME) : java.nio.file.Path.of(dir))
                .toAbsolutePath().normalize();
    }

    /** The override directory's name in the data dir, when ADRELAY_ROUTES_DIR does not name another. */
    public static final String OVERRIDE_DIR_NAME = "routes";

    /** The environment variable that sets a property: bsa.api-key -> BSA_API_KEY. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
