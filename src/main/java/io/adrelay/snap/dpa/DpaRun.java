package io.adrelay.snap.dpa;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One provisioning run, shared by its steps through the exchange property {@link #PROPERTY}: what Snap
 * holds of each ad account's objects once a step is done (its children refer to them by name), the
 * product sets the declaration uses, and the report.
 */
final class DpaRun {

    static final String PROPERTY = "AdrelayDpaRun";

    /** A product set of a catalog, by its declared names. */
    record UsedSet(String catalog, String set) {
    }

    /** What Snap holds of one ad account's declared objects, by name (ad squads and ads by campaign / ad squad name). */
    static final class Held {
        Map<String, JsonNode> templates = Map.of();
        Map<String, JsonNode> campaigns = Map.of();
        final Map<String, Map<String, JsonNode>> adSquads = new HashMap<>();
        Map<String, JsonNode> creatives = Map.of();
    }

    final DpaReport report = new DpaReport();
    final Set<UsedSet> usedSets = new LinkedHashSet<>();
    private final Map<String, Held> held = new HashMap<>();

    Held held(String adAccountId) {
        return held.computeIfAbsent(adAccountId, id -> new Held());
    }

    void uses(String catalog, List<String> sets) {
        sets.forEach(set -> usedSets.add(new UsedSet(catalog, set)));
    }
}
