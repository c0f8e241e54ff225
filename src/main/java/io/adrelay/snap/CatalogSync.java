package io.adrelay.snap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/snap-provision-catalogs.camel.yaml's sync route (bean catalogSync): makes one parent at Snap
 * hold the catalogs, feeds or product sets declared under it. What the parent holds is listed (by the list route),
 * each declared object found by name: left alone when it holds what is declared, updated when it differs, created
 * when missing; product sets not declared are deleted only where the catalog says delete_undeclared_product_sets.
 * Creates and updates go in batches of the spec's size; what Snap refuses is reported item by item, the rest goes on.
 */
public final class CatalogSync {

    /** A kind of catalog object: Snap's names for it, the report's, and how many one batch request may carry. */
    enum Kind {
        CATALOG("catalogs", "catalog", SnapPlan.CATALOG, 10),
        // the spec sets no batch size for feeds: one per request, as Snap's own examples send them
        FEED("product_feeds", "product_feed", "feed", 1),
        PRODUCT_SET("product_sets", "product_set", SnapPlan.PRODUCT_SET, 50);

        final String plural;
        final String singular;
        final String label;
        final int perBatch;

        Kind(String plural, String singular, String label, int perBatch) {
            this.plural = plural;
            this.singular = singular;
            this.label = label;
            this.perBatch = perBatch;
        }
    }

    /** What one parent should hold: the organization's catalogs, or a catalog's feeds or product sets (the catalog itself). */
    record Sync(Kind kind, String parentKey, String path, List<?> declared) {
    }

    /**
     * One object to send: its name at Snap, its name in the report, its body, what Snap holds of it now (an update's
     * object; null for a create) and what to remember once Snap holds it.
     */
    record Wanted(String name, String label, ObjectNode body, JsonNode atSnap, Consumer<JsonNode> held) {
    }

    /** What one parent's sync does: objects to create, update and delete, and the labels of those left as they are. */
    private record Planned(List<Wanted> creates, List<Wanted> updates, List<JsonNode> deletes, List<String> unchanged) {
        Planned() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** A plan's steps name the declaration they come from. */
    static final String DECLARATION = "catalogs";

    /** Exchange properties: the sync under way; what it deletes, creates and updates (batches); the batch being sent. */
    static final String SYNC = "AdrelaySnapCatalogSync";
    static final String DELETES = "AdrelaySnapCatalogDeletes";
    static final String CREATES = "AdrelaySnapCatalogCreates";
    static final String UPDATES = "AdrelaySnapCatalogUpdates";
    private static final String SENT = "AdrelaySnapCatalogSent";

    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);

    /** The ids in force (a plan keeps what it finds in its own copy). */
    private final SnapCatalogState state;

    CatalogSync(SnapCatalogState state) {
        this.state = state;
    }

    /** What the list route lists next: the parent's collection of this kind. */
    public void list(Exchange e) {
        Sync sync = e.getIn().getBody(Sync.class);
        e.setProperty(SYNC, sync);
        SnapLists.of(e, sync.path(), sync.kind().plural);
    }

    /**
     * Each declared object found by name: unchanged, to update, or (not found) to create; undeclared sets to delete.
     * A plan (POST /ops/snap/plan) records each and counts it as the run would; the route then sends nothing.
     */
    public void plan(Exchange e, @ExchangeProperty(SnapProvisioning.Report.PROPERTY) SnapProvisioning.Report report) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        SnapPlan plan = SnapPlan.of(e);
        Problems problems = new Problems(report, plan, sync.kind());
        Map<String, JsonNode> existing = byName(sync, SnapLists.listed(e), report);
        SnapCatalogState ids = plan == null ? state : plan.ids();
        Planned planned = new Planned();
        switch (sync.kind()) {
            case CATALOG -> catalogs(sync, existing, planned, problems, ids);
            case FEED -> feeds(sync, existing, planned, problems, ids, plan);
            case PRODUCT_SET -> productSets(sync, existing, planned, problems, ids);
        }
        if (plan != null) {
            recordPlan(plan, sync, planned, report);
        }
        e.setProperty(DELETES, planned.deletes());
        e.setProperty(CREATES, batches(planned.creates(), sync.kind().perBatch));
        e.setProperty(UPDATES, batches(planned.updates(), sync.kind().perBatch));
    }

    /** What the run would count, and each object's step in the plan (an update with the fields it changes). */
    private static void recordPlan(SnapPlan plan, Sync sync, Planned planned, SnapProvisioning.Report report) {
        String kind = sync.kind().label;
        planned.unchanged().forEach(label -> plan.step(DECLARATION, kind, label, SnapPlan.UNCHANGED));
        planned.deletes().forEach(set -> {
            String label = sync.parentKey() + "/" + set.path("name").asText();
            plan.step(DECLARATION, kind, label, SnapPlan.DELETE);
            report.count("product set deleted", label);
        });
        planned.creates().forEach(wanted -> {
            plan.step(DECLARATION, kind, wanted.label(), SnapPlan.CREATE);
            report.count(kind + " created", wanted.label());
        });
        planned.updates().forEach(wanted -> {
            plan.update(DECLARATION, kind, wanted.label(), wanted.atSnap(), wanted.body(), CatalogSync::sameFilter);
            report.count(kind + " updated", wanted.label());
        });
    }

    /** What cannot be done as declared: in the run's report, and (planning) as the object's step in the plan. */
    private record Problems(SnapProvisioning.Report report, SnapPlan plan, Kind kind) {
        void add(String label, String problem) {
            report.problems.add(kind.label + " " + label + ": " + problem);
            plan(label, problem);
        }

        void plan(String label, String problem) {
            if (plan != null) {
                plan.refused(DECLARATION, kind.label, label, problem);
            }
        }
    }

    /** DELETE /product_sets/{id}: a set Snap holds that the catalog no longer declares. */
    public void deleteRequest(Exchange e) {
        JsonNode set = e.getIn().getBody(JsonNode.class);
        e.setProperty(SENT, set);
        EgressCall.request(e, "DELETE", "/product_sets/" + set.path("id").asText(), null, null);
    }

    public void deleted(Exchange e, @ExchangeProperty(SnapProvisioning.Report.PROPERTY) SnapProvisioning.Report report) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        String name = e.getProperty(SENT, JsonNode.class).path("name").asText();
        report.count("product set deleted", sync.parentKey() + "/" + name);
        LOG.info("Snap catalog {}: product set '{}' deleted (not declared)", sync.parentKey(), name);
    }

    /** POST: one batch of missing objects, named as an effect (looked for by name should the answer be lost). */
    public void createRequest(Exchange e) {
        List<Wanted> batch = request(e, "POST");
        e.getIn().setHeader(SentEffects.EFFECT, "snap POST " + e.getProperty(SYNC, Sync.class).path() + " "
                + batch.stream().map(Wanted::name).toList());
        e.getIn().setHeader(SentEffects.CHECK, SnapCreateCheck.FIND_BY_NAME);
    }

    public void created(Exchange e, @ExchangeProperty(SnapProvisioning.Report.PROPERTY) SnapProvisioning.Report report) {
        record(e, report, "created");
    }

    /** PUT: one batch of objects that differ (an update sent twice changes nothing). */
    public void updateRequest(Exchange e) {
        request(e, "PUT");
    }

    public void updated(Exchange e, @ExchangeProperty(SnapProvisioning.Report.PROPERTY) SnapProvisioning.Report report) {
        record(e, report, "updated");
    }

    @SuppressWarnings("unchecked")
    private static List<Wanted> request(Exchange e, String method) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        List<Wanted> batch = e.getIn().getBody(List.class);
        e.setProperty(SENT, batch);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray(sync.kind().plural);
        batch.forEach(wanted -> list.add(wanted.body()));
        EgressCall.request(e, method, sync.path(), null, body.toString());
        return batch;
    }

    /** Snap's answer, item by item in the order sent: each one held (and counted), or refused with Snap's reason. */
    @SuppressWarnings("unchecked")
    private static void record(Exchange e, SnapProvisioning.Report report, String outcome) {
        Kind kind = e.getProperty(SYNC, Sync.class).kind();
        List<Wanted> batch = e.getProperty(SENT, List.class);
        List<SnapItems.Item> items = SnapItems.of(EgressCall.json(e), kind.plural, kind.singular);
        for (int i = 0; i < batch.size(); i++) {
            Wanted wanted = batch.get(i);
            SnapItems.Item item = i < items.size() ? items.get(i) : new SnapItems.Item(null, "Snap answered no item for it");
            if (item.ok()) {
                wanted.held().accept(item.entity());
                report.count(kind.label + " " + outcome, wanted.label());
                LOG.info("Snap {} {}: {}", kind.label, outcome, wanted.label());
            } else {
                report.problems.add(kind.singular.replace('_', ' ') + " " + wanted.label() + ": " + item.error());
                LOG.warn("Snap refused {} {}: {}", kind.singular.replace('_', ' '), wanted.label(), item.error());
            }
        }
    }

    private static void catalogs(Sync sync, Map<String, JsonNode> existing, Planned planned, Problems problems,
                                 SnapCatalogState ids) {
        String org = sync.parentKey();
        for (Object declared : sync.declared()) {
            SnapDeclaration.Catalog catalog = (SnapDeclaration.Catalog) declared;
            JsonNode found = existing.get(catalog.name());
            if (found == null) {
                planned.creates().add(new Wanted(catalog.name(), catalog.key(), catalogBody(catalog, null), null,
                        entity -> ids.catalog(catalog.key(), entity.path("id").asText(), org)));
                continue;
            }
            String id = found.path("id").asText();
            ids.catalog(catalog.key(), id, org);
            boolean sameVertical = found.path("vertical").asText().equals(catalog.vertical());
            if (!sameVertical) {
                problems.add(catalog.key(), "vertical is " + found.path("vertical").asText() + " at Snap and cannot be changed to "
                        + catalog.vertical());
            }
            if (catalog.eventSources() != null && !sameEventSources(found.path("event_sources"), catalog.eventSources())) {
                planned.updates().add(new Wanted(catalog.name(), catalog.key(), catalogBody(catalog, id), found, entity -> { }));
            } else if (sameVertical) {
                planned.unchanged().add(catalog.key());
            }
        }
    }

    private static void feeds(Sync sync, Map<String, JsonNode> existing, Planned planned, Problems problems,
                              SnapCatalogState ids, SnapPlan plan) {
        String catalogId = ids.catalogId(sync.parentKey());
        for (Object declared : sync.declared()) {
            SnapDeclaration.Feed feed = (SnapDeclaration.Feed) declared;
            // a supplemental feed names its parent by Snap id: the primary feeds were made before
            String parentId = feed.supplemental() ? ids.feedId(feed.parent()) : null;
            JsonNode found = existing.get(feed.name());
            if (feed.supplemental() && parentId == null) {
                if (plan != null && plan.creates(Kind.FEED.label, feed.parent())) {
                    // planned: made once its parent is
                    plan.step(DECLARATION, Kind.FEED.label, feed.key(), found == null ? SnapPlan.CREATE : SnapPlan.UPDATE);
                    problems.report().count(Kind.FEED.label + (found == null ? " created" : " updated"), feed.key());
                } else {
                    problems.add(feed.key(), "its parent " + feed.parent() + " is not provisioned");
                }
                continue;
            }
            if (found == null) {
                planned.creates().add(new Wanted(feed.name(), feed.key(), feedBody(feed, catalogId, parentId, null), null,
                        entity -> ids.feed(feed.key(), entity.path("id").asText(), catalogId)));
                continue;
            }
            String id = found.path("id").asText();
            ids.feed(feed.key(), id, catalogId);
            if (found.hasNonNull("schedule")) {
                problems.add(feed.key(), "has a schedule at Snap, so adrelay cannot upload it (one-time uploads need a feed without schedule)");
            }
            if (!found.path("default_currency").asText().equals(feed.defaultCurrency())
                    || !found.path("status").asText("ACTIVE").equals("ACTIVE")
                    || !Objects.equals(found.path("parent_feed_id").asText(null), parentId)) {
                planned.updates().add(new Wanted(feed.name(), feed.key(), feedBody(feed, catalogId, parentId, id), found, entity -> { }));
            } else if (!found.hasNonNull("schedule")) {
                planned.unchanged().add(feed.key());
            }
        }
    }

    private static void productSets(Sync sync, Map<String, JsonNode> existing, Planned planned, Problems problems,
                                    SnapCatalogState ids) {
        SnapDeclaration.Catalog catalog = (SnapDeclaration.Catalog) sync.declared().get(0);
        Function<SnapDeclaration.ProductSet, String> label = set -> catalog.key() + "/" + set.name();
        List<Wanted> creates = planned.creates();
        for (SnapDeclaration.ProductSet set : catalog.productSets()) {
            JsonNode found = existing.get(set.name());
            if (found == null) {
                creates.add(new Wanted(set.name(), label.apply(set), setBody(set, null), null,
                        entity -> ids.productSet(catalog.key(), set.name(), entity.path("id").asText())));
                continue;
            }
            ids.productSet(catalog.key(), set.name(), found.path("id").asText());
            if (!sameFilter(found.path("filter"), set.filter())) {
                planned.updates().add(new Wanted(set.name(), label.apply(set), setBody(set, found.path("id").asText()), found,
                        entity -> { }));
            } else {
                planned.unchanged().add(label.apply(set));
            }
        }
        List<JsonNode> undeclared = existing.values().stream()
                .filter(s -> catalog.productSets().stream().noneMatch(d -> d.name().equals(s.path("name").asText()))).toList();
        int after = existing.size() + creates.size() - (catalog.deleteUndeclaredProductSets() ? undeclared.size() : 0);
        if (after > SnapDeclaration.MAX_PRODUCT_SETS_PER_CATALOG) {
            String problem = "Snap already holds " + existing.size() + " product sets; adding " + creates.size()
                    + " would pass its limit of " + SnapDeclaration.MAX_PRODUCT_SETS_PER_CATALOG
                    + " (set delete_undeclared_product_sets or remove some)";
            problems.report().problems.add("catalog " + catalog.key() + ": " + problem);
            creates.forEach(set -> problems.plan(set.label(), problem));
            creates.clear();
        }
        if (catalog.deleteUndeclaredProductSets()) {
            planned.deletes().addAll(undeclared);
        }
    }

    /**
     * What the parent holds, by name. adrelay declares names unique under a parent, so two of one name are news:
     * the first is worked on, and the run's report says so (a WARN too) until someone removes the others at Snap.
     */
    private static Map<String, JsonNode> byName(Sync sync, List<JsonNode> listed, SnapProvisioning.Report report) {
        Map<String, List<JsonNode>> grouped = new LinkedHashMap<>();
        listed.forEach(entity -> grouped.computeIfAbsent(entity.path("name").asText(), n -> new ArrayList<>()).add(entity));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        grouped.forEach((name, all) -> {
            byName.put(name, all.get(0));
            if (all.size() > 1) {
                List<String> ids = all.stream().map(entity -> entity.path("id").asText()).toList();
                report.duplicates.add(sync.kind().label + " \"" + name + "\" under " + sync.path() + ": " + ids);
                LOG.warn("Snap holds {} {} named \"{}\" under {} (ids {}): adrelay works on the first; remove the others at Snap",
                        all.size(), sync.kind().plural, name, sync.path(), ids);
            }
        });
        return byName;
    }

    private static List<List<Wanted>> batches(List<Wanted> all, int size) {
        List<List<Wanted>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            batches.add(List.copyOf(all.subList(from, Math.min(all.size(), from + size))));
        }
        return batches;
    }

    private static ObjectNode catalogBody(SnapDeclaration.Catalog catalog, String id) {
        ObjectNode body = withId(id);
        body.put("organization_id", catalog.organizationId()).put("name", catalog.name()).put("vertical", catalog.vertical());
        if (catalog.eventSources() != null) {
            body.set("event_sources", catalog.eventSources());
        }
        return body;
    }

    private static ObjectNode feedBody(SnapDeclaration.Feed feed, String catalogId, String parentId, String id) {
        ObjectNode body = withId(id);
        body.put("catalog_id", catalogId).put("name", feed.name()).put("default_currency", feed.defaultCurrency())
                .put("status", "ACTIVE").put("feed_type", feed.feedType());
        if (parentId != null) {
            body.put("parent_feed_id", parentId);
        }
        return body;
    }

    private static ObjectNode setBody(SnapDeclaration.ProductSet set, String id) {
        ObjectNode body = withId(id);
        body.put("name", set.name()).set("filter", set.filter());
        return body;
    }

    private static ObjectNode withId(String id) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (id != null) {
            body.put("id", id);
        }
        return body;
    }

    /** Event sources compared as a set of (id, type): Snap does not keep their order. */
    private static boolean sameEventSources(JsonNode actual, JsonNode wanted) {
        Function<JsonNode, Set<String>> ids = list -> {
            Set<String> set = new HashSet<>();
            list.forEach(s -> set.add(s.path("id").asText() + "/" + s.path("type").asText()));
            return set;
        };
        return ids.apply(actual).equals(ids.apply(wanted));
    }

    /** Filters compared by meaning: field order aside, numbers and strings of the same text are the same value. */
    private static boolean sameFilter(JsonNode actual, JsonNode wanted) {
        return actual.equals((a, b) -> a.equals(b) || a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText()) ? 0 : 1, wanted);
    }
}
