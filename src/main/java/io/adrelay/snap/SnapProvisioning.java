package io.adrelay.snap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.documents.Document;

/**
 * Makes Snap hold what the operator declared: each catalog, feed and product set is found by
 * name, created when missing, updated when it differs, and left alone otherwise. Nothing is
 * deleted unless a catalog says delete_undeclared_product_sets. Idempotent: a second run over an
 * unchanged declaration only reads. Items Snap refuses are reported one by one; the rest go on.
 */
public final class SnapProvisioning {

    /**
     * What a run did, object by object, and what Snap refused (item by item). It lives as long as the run's exchange:
     * a pass made again after a retry finds made what the first pass made, and what it counted stays counted once.
     */
    static final class Report {
        static final String PROPERTY = "AdrelaySnapProvisioningReport";
        private final Map<String, String> done = new LinkedHashMap<>();
        final Set<String> problems = new java.util.LinkedHashSet<>();

        void count(String what, String object) {
            done.put(what + " " + object, what);
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            done.values().forEach(what -> counts.merge(what, 1, Integer::sum));
            return counts;
        }

        @Override
        public String toString() {
            Map<String, Integer> counts = counts();
            return (counts.isEmpty() ? "nothing to do" : counts.toString())
                    + (problems.isEmpty() ? "" : "; " + problems.size() + " refused: " + problems);
        }
    }

    static final int CATALOGS_PER_BATCH = 10;
    static final int PRODUCT_SETS_PER_BATCH = 50;

    private static final Logger LOG = LoggerFactory.getLogger(SnapProvisioning.class);

    /** What the last run did (state/snap/provisioning.json). */
    record Written(@JsonProperty("provisioned_at") String provisionedAt, String declaration, Map<String, Integer> counts,
                   List<String> problems) {
    }

    private final SnapApi api;
    private final SnapCatalogs catalogs;
    private final SnapCatalogState state;
    private final Document provisioned;

    SnapProvisioning(SnapApi api, SnapCatalogs catalogs, Document provisioned) {
        this.api = api;
        this.catalogs = catalogs;
        this.state = catalogs.state();
        this.provisioned = provisioned;
    }

    /** Provisions the declaration (the body), writes what was done to state/snap/provisioning.json; the job's outcome. */
    public void provision(SnapDeclaration declaration, Exchange e) {
        Report report = e.getProperty(Report.PROPERTY, Report.class);
        if (report == null) {
            report = new Report();
            e.setProperty(Report.PROPERTY, report);
        }
        reconcile(declaration, report);
        SnapStateFiles.write(provisioned, new Written(Instant.now().toString(),
                catalogs.source(), report.counts(), List.copyOf(report.problems)));
        LOG.info("Snap provisioning of {}: {}", catalogs.source(), report);
        e.setProperty(Flow.OUTCOME, report.toString());
    }

    Report reconcile(SnapDeclaration declaration, Report report) {
        Map<String, List<SnapDeclaration.Catalog>> byOrganization = declaration.catalogs().stream()
                .collect(Collectors.groupingBy(SnapDeclaration.Catalog::organizationId, LinkedHashMap::new, Collectors.toList()));
        byOrganization.forEach((org, catalogs) -> catalogs(org, catalogs, report));
        // primary feeds first: a supplemental feed names its parent by Snap id
        List<SnapDeclaration.Feed> feeds = declaration.catalogs().stream().flatMap(c -> c.feeds().stream())
                .sorted((a, b) -> Boolean.compare(a.supplemental(), b.supplemental())).toList();
        Map<String, Map<String, JsonNode>> feedsAtSnap = new HashMap<>();
        feeds.forEach(feed -> feed(feed, feedsAtSnap, report));
        declaration.catalogs().forEach(catalog -> productSets(catalog, report));
        state.save();
        return report;
    }

    private void catalogs(String org, List<SnapDeclaration.Catalog> declared, Report report) {
        String path = "/organizations/" + org + "/catalogs";
        Map<String, JsonNode> existing = api.listByName(path, 100, "catalogs", "catalog");
        List<SnapDeclaration.Catalog> missing = new ArrayList<>();
        List<SnapDeclaration.Catalog> changed = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : declared) {
            JsonNode found = existing.get(catalog.name());
            if (found == null) {
                missing.add(catalog);
                continue;
            }
            state.catalog(catalog.key(), found.path("id").asText(), org);
            if (!found.path("vertical").asText().equals(catalog.vertical())) {
                report.problems.add("catalog " + catalog.key() + ": vertical is " + found.path("vertical").asText()
                        + " at Snap and cannot be changed to " + catalog.vertical());
            }
            if (catalog.eventSources() != null && !sameEventSources(found.path("event_sources"), catalog.eventSources())) {
                changed.add(catalog);
            }
        }
        batches(missing, CATALOGS_PER_BATCH, chunk -> apply("POST", path, "catalogs", "catalog", chunk,
                c -> catalogBody(c, null), (c, entity) -> state.catalog(c.key(), entity.path("id").asText(), org),
                "catalog created", SnapDeclaration.Catalog::key, report));
        batches(changed, CATALOGS_PER_BATCH, chunk -> apply("PUT", path, "catalogs", "catalog", chunk,
                c -> catalogBody(c, state.catalogId(c.key())), (c, entity) -> { }, "catalog updated",
                SnapDeclaration.Catalog::key, report));
    }

    private void feed(SnapDeclaration.Feed feed, Map<String, Map<String, JsonNode>> feedsAtSnap, Report report) {
        String catalogId = state.catalogId(feed.catalogKey());
        if (catalogId == null) {
            return; // its catalog was refused: reported there
        }
        String parentId = feed.supplemental() ? state.feedId(feed.parent()) : null;
        if (feed.supplemental() && parentId == null) {
            report.problems.add("feed " + feed.key() + ": its parent " + feed.parent() + " is not provisioned");
            return;
        }
        String path = "/catalogs/" + catalogId + "/product_feeds";
        JsonNode found = feedsAtSnap.computeIfAbsent(catalogId, id -> api.listByName(path, 100, "product_feeds", "product_feed"))
                .get(feed.name());
        if (found == null) {
            apply("POST", path, "product_feeds", "product_feed", List.of(feed), f -> feedBody(f, catalogId, parentId, null),
                    (f, entity) -> state.feed(f.key(), entity.path("id").asText(), catalogId), "feed created",
                    SnapDeclaration.Feed::key, report);
            return;
        }
        state.feed(feed.key(), found.path("id").asText(), catalogId);
        if (found.hasNonNull("schedule")) {
            report.problems.add("feed " + feed.key() + ": has a schedule at Snap, so adrelay cannot upload it"
                    + " (one-time uploads need a feed without schedule)");
        }
        ObjectNode wanted = feedBody(feed, catalogId, parentId, found.path("id").asText());
        if (!found.path("default_currency").asText().equals(feed.defaultCurrency())
                || !found.path("status").asText("ACTIVE").equals("ACTIVE")
                || !Objects.equals(found.path("parent_feed_id").asText(null), parentId)) {
            apply("PUT", path, "product_feeds", "product_feed", List.of(feed), f -> wanted, (f, entity) -> { },
                    "feed updated", SnapDeclaration.Feed::key, report);
        }
    }

    private void productSets(SnapDeclaration.Catalog catalog, Report report) {
        String catalogId = state.catalogId(catalog.key());
        if (catalogId == null) {
            return;
        }
        String path = "/catalogs/" + catalogId + "/product_sets";
        Map<String, JsonNode> existing = api.listByName(path, 50, "product_sets", "product_set");
        List<SnapDeclaration.ProductSet> missing = new ArrayList<>();
        List<SnapDeclaration.ProductSet> changed = new ArrayList<>();
        for (SnapDeclaration.ProductSet set : catalog.productSets()) {
            JsonNode found = existing.get(set.name());
            if (found == null) {
                missing.add(set);
            } else {
                state.productSet(catalog.key(), set.name(), found.path("id").asText());
                if (!sameFilter(found.path("filter"), set.filter())) {
                    changed.add(set);
                }
            }
        }
        List<JsonNode> undeclared = existing.values().stream()
                .filter(s -> catalog.productSets().stream().noneMatch(d -> d.name().equals(s.path("name").asText()))).toList();
        int after = existing.size() + missing.size() - (catalog.deleteUndeclaredProductSets() ? undeclared.size() : 0);
        if (after > SnapDeclaration.MAX_PRODUCT_SETS_PER_CATALOG) {
            report.problems.add("catalog " + catalog.key() + ": Snap already holds " + existing.size() + " product sets; adding "
                    + missing.size() + " would pass its limit of " + SnapDeclaration.MAX_PRODUCT_SETS_PER_CATALOG
                    + " (set delete_undeclared_product_sets or remove some)");
            missing.clear();
        }
        if (catalog.deleteUndeclaredProductSets()) {
            for (JsonNode set : undeclared) {
                api.call("DELETE", "/product_sets/" + set.path("id").asText(), null, null);
                report.count("product set deleted", catalog.key() + "/" + set.path("name").asText());
                LOG.info("Snap catalog {}: product set '{}' deleted (not declared)", catalog.key(), set.path("name").asText());
            }
        }
        batches(missing, PRODUCT_SETS_PER_BATCH, chunk -> apply("POST", path, "product_sets", "product_set", chunk,
                s -> setBody(s, null), (s, entity) -> state.productSet(catalog.key(), s.name(), entity.path("id").asText()),
                "product set created", s -> catalog.key() + "/" + s.name(), report));
        batches(changed, PRODUCT_SETS_PER_BATCH, chunk -> apply("PUT", path, "product_sets", "product_set", chunk,
                s -> setBody(s, existing.get(s.name()).path("id").asText()), (s, entity) -> { },
                "product set updated", s -> catalog.key() + "/" + s.name(), report));
    }

    /** Sends one batch; each item's answer is recorded (ok) or reported (refused), in order. */
    private <T> void apply(String method, String path, String plural, String singular, List<T> declared,
                           Function<T, ObjectNode> body, BiConsumer<T, JsonNode> onOk,
                           String what, Function<T, String> name, Report report) {
        List<SnapApi.Item> items = api.batch(method, path, plural, singular, declared.stream().map(body).toList());
        for (int i = 0; i < declared.size(); i++) {
            SnapApi.Item item = items.get(i);
            if (item.ok()) {
                onOk.accept(declared.get(i), item.entity());
                report.count(what, name.apply(declared.get(i)));
                LOG.info("Snap {}: {}", what, name.apply(declared.get(i)));
            } else {
                report.problems.add(singular.replace('_', ' ') + " " + name.apply(declared.get(i)) + ": " + item.error());
                LOG.warn("Snap refused {} {}: {}", singular.replace('_', ' '), name.apply(declared.get(i)), item.error());
            }
        }
    }

    private static <T> void batches(List<T> all, int size, Consumer<List<T>> send) {
        for (int from = 0; from < all.size(); from += size) {
            send.accept(all.subList(from, Math.min(all.size(), from + size)));
        }
    }

    private static ObjectNode catalogBody(SnapDeclaration.Catalog catalog, String id) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (id != null) {
            body.put("id", id);
        }
        body.put("organization_id", catalog.organizationId()).put("name", catalog.name()).put("vertical", catalog.vertical());
        if (catalog.eventSources() != null) {
            body.set("event_sources", catalog.eventSources());
        }
        return body;
    }

    private static ObjectNode feedBody(SnapDeclaration.Feed feed, String catalogId, String parentId, String id) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (id != null) {
            body.put("id", id);
        }
        body.put("catalog_id", catalogId).put("name", feed.name()).put("default_currency", feed.defaultCurrency())
                .put("status", "ACTIVE").put("feed_type", feed.feedType());
        if (parentId != null) {
            body.put("parent_feed_id", parentId);
        }
        return body;
    }

    private static ObjectNode setBody(SnapDeclaration.ProductSet set, String id) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (id != null) {
            body.put("id", id);
        }
        body.put("name", set.name()).set("filter", set.filter());
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
