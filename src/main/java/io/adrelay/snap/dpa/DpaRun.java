package io.adrelay.snap.dpa;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.snap.SnapPlan;

/**
 * One provisioning run, shared by its steps through the exchange property {@link #PROPERTY}: what Snap
 * holds of each ad account's objects once a step is done (its children refer to them by name), and the
 * report.
 */
final class DpaRun {

    static final String PROPERTY = "AdrelayDpaRun";

    /** What Snap holds of one ad account's declared objects: by kind, by parent (e.g. a campaign's ad squads), by name. */
    static final class Held {
        private final Map<String, Map<String, JsonNode>> byParent = new HashMap<>();

        void put(SnapObjectKind kind, String parentKey, String name, JsonNode entity) {
            byParent.computeIfAbsent(kind + "/" + parentKey, k -> new HashMap<>()).put(name, entity);
        }

        /** The object of that name under that parent, or null when Snap does not hold it. */
        JsonNode get(SnapObjectKind kind, String parentKey, String name) {
            return byParent.getOrDefault(kind + "/" + parentKey, Map.of()).get(name);
        }
    }

    final DpaReport report = new DpaReport();
    /** The plan this run makes (POST /ops/snap/plan), or null when it applies. */
    final SnapPlan plan;
    private final Map<String, Held> held = new HashMap<>();

    DpaRun(SnapPlan plan) {
        this.plan = plan;
    }

    synchronized Held held(String adAccountId) {
        return held.computeIfAbsent(adAccountId, id -> new Held());
    }
}
