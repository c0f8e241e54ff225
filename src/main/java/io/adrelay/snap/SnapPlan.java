package io.adrelay.snap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * What a provisioning run would do, object by object, without doing it (POST /ops/snap/plan): the provisioning
 * routes run as they always do, reading Snap, and where this exchange property is set they send nothing and
 * write nothing; their steps record here what they would have sent. Snap's ids found on the way are kept in the
 * plan's own copy, so a plan leaves the ids in force as they were.
 */
public final class SnapPlan {

    /** Exchange property: the plan being made; absent when a run applies. */
    public static final String PROPERTY = "AdrelaySnapPlan";

    /** The kinds of the catalog declaration that the campaigns' objects need (as its steps name them). */
    public static final String CATALOG = "catalog";
    public static final String PRODUCT_SET = "product set";

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String UNCHANGED = "unchanged";
    public static final String DELETE = "delete";
    public static final String REFUSED = "refused";

    /** A field an update changes: its value at Snap, and the declared one. */
    public record Change(String field, JsonNode current, JsonNode declared) {
    }

    /** One object: its declaration (catalogs or campaigns), kind, path in the declaration, action, and why. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(String declaration, String kind, String path, String action, List<Change> changes, List<String> problems) {
    }

    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, String> summaries = new LinkedHashMap<>();
    private final SnapCatalogState ids;

    SnapPlan(SnapCatalogState ids) {
        this.ids = ids;
    }

    /** The plan this exchange makes, or null when it applies. */
    public static SnapPlan of(Exchange e) {
        return e.getProperty(PROPERTY, SnapPlan.class);
    }

    public synchronized void step(String declaration, String kind, String path, String action) {
        put(new Step(declaration, kind, path, action, List.of(), List.of()));
    }

    /** An update: each declared field whose value at Snap does not hold the declared one (as the run compares them). */
    public synchronized void update(String declaration, String kind, String path, JsonNode atSnap, JsonNode declared,
                                    BiPredicate<JsonNode, JsonNode> holds) {
        List<Change> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = declared.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = atSnap.path(field.getKey());
            if (!field.getKey().equals("id") && !holds.test(current, field.getValue())) {
                changes.add(new Change(field.getKey(), current.isMissingNode() ? null : current, field.getValue()));
            }
        }
        put(new Step(declaration, kind, path, UPDATE, changes, List.of()));
    }

    /** An object's step; one found refused stays refused (what else the run would do to it is beside the point). */
    private void put(Step step) {
        Step before = steps.get(step.kind() + " " + step.path());
        if (before == null || !REFUSED.equals(before.action())) {
            steps.put(step.kind() + " " + step.path(), step);
        }
    }

    /** Something the run would refuse (or Snap would): each problem is kept. */
    public synchronized void refused(String declaration, String kind, String path, String problem) {
        Step before = steps.get(kind + " " + path);
        List<String> problems = new ArrayList<>(before == null || !REFUSED.equals(before.action()) ? List.of() : before.problems());
        problems.add(problem);
        steps.put(kind + " " + path, new Step(declaration, kind, path, REFUSED, List.of(), problems));
    }

    /** Whether the plan creates that object (its children are then created after it). */
    public synchronized boolean creates(String kind, String path) {
        Step step = steps.get(kind + " " + path);
        return step != null && CREATE.equals(step.action());
    }

    /** The summary line the run would log for a declaration. */
    public synchronized void summary(String declaration, String line) {
        summaries.put(declaration, line);
    }

    public synchronized List<Step> steps() {
        return List.copyOf(steps.values());
    }

    public synchronized Map<String, String> summaries() {
        return Map.copyOf(summaries);
    }

    public String catalogId(String catalogKey) {
        return ids.catalogId(catalogKey);
    }

    public String productSetId(String catalogKey, String name) {
        return ids.productSetId(catalogKey, name);
    }

    SnapCatalogState ids() {
        return ids;
    }
}
