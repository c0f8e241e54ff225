package io.adrelay.common;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;

/** Typed reads of adrelay's properties, resolved through Camel's properties component (env and -D included). */
public final class Settings {

    public static final Set<String> ALL_FLOWS = Set.of("statlas", "apisync", "snap", "bsa");

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    /** The resolved value, or "" when the key is absent or empty. */
    public String get(String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .map(v -> context.resolvePropertyPlaceholders(v).trim()).orElse("");
    }

    public int getInt(String key, int fallback) {
        String v = get(key);
        return v.isEmpty() ? fallback : Integer.parseInt(v);
    }

    public long getLong(String key, long fallback) {
        String v = get(key);
        return v.isEmpty() ? fallback : Long.parseLong(v);
    }

    public boolean sandbox() {
        return !"prod".equalsIgnoreCase(get("adrelay.profile"));
    }

    public Set<String> flows() {
        Set<String> flows = Arrays.stream(get("adrelay.flows").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> unknown = flows.stream().filter(f -> !ALL_FLOWS.contains(f)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("ADRELAY_FLOWS names unknown flows " + unknown + "; known: " + ALL_FLOWS);
        }
        return flows;
    }

    /** The environment variable that sets a property: bsa.api-key -> BSA_API_KEY. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
