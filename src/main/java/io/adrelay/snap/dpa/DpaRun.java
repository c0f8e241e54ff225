package io.adrelay.snap.dpa;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One provisioning run, shared by its steps through the exchange property {@link #PROPERTY}: what Snap
 * holds of each ad account's objects once a step is done (its children refer to them by name), and the
 * report.
 */
final class DpaRun {

    static final String PROPERTY = "AdrelayDpaRun";

    /** What Snap holds of one ad account's declared objects, by name (ad squads and ads by campaign / ad squad name). */
    static final class Held {
        Map<String, JsonNode> templates = Map.of();
        Map<String, JsonNode> campaigns = Map.of();
        final Map<String, Map<String, JsonNode>> adSquads = new HashMap<>();
        Map<String, JsonNode> creatives = Map.of();
    }

    final DpaReport report = new DpaReport();
    private final Map<String, Held> held = new HashMap<>();

    Held held(String adAccountId) {
        return held.computeIfAbsent(adAccountId, id -> new Held());
    }
}
