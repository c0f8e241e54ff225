package io.adrelay.snap;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.adrelay.common.storage.documents.Document;

/**
 * Snap ids of what adrelay provisioned, by the operator's keys (state/snap/catalogs.json), so
 * uploads and diagnostics find their feed and catalog after a restart without asking Snap.
 */
final class SnapCatalogState {

    /** The file's content: catalogs and feeds by key, product set ids by catalog key and name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ids(Map<String, Catalog> catalogs, Map<String, Feed> feeds,
               @JsonProperty("product_sets") Map<String, Map<String, String>> productSets) {

        Ids {
            catalogs = catalogs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(catalogs);
            feeds = feeds == null ? new LinkedHashMap<>() : new LinkedHashMap<>(feeds);
            productSets = productSets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(productSets);
        }
    }

    record Catalog(String id, @JsonProperty("organization_id") String organizationId) {
    }

    record Feed(String id, @JsonProperty("catalog_id") String catalogId) {
    }

    private final Document file;
    private final Ids ids;

    SnapCatalogState(Document file) {
        this(file, SnapStateFiles.read(file, Ids.class));
    }

    private SnapCatalogState(Document file, Ids ids) {
        this.file = file;
        this.ids = ids;
    }

    /** A copy held in memory only (a plan's): what it learns is never saved. */
    synchronized SnapCatalogState copy() {
        Map<String, Map<String, String>> sets = new LinkedHashMap<>();
        ids.productSets().forEach((catalog, byName) -> sets.put(catalog, new LinkedHashMap<>(byName)));
        return new SnapCatalogState(null, new Ids(ids.catalogs(), ids.feeds(), sets));
    }

    synchronized String catalogId(String catalogKey) {
        Catalog catalog = ids.catalogs().get(catalogKey);
        if (catalog == null && learnSaved()) {
            catalog = ids.catalogs().get(catalogKey);
        }
        return catalog == null ? null : catalog.id();
    }

    synchronized String feedId(String feedKey) {
        Feed feed = ids.feeds().get(feedKey);
        if (feed == null && learnSaved()) {
            feed = ids.feeds().get(feedKey);
        }
        return feed == null ? null : feed.id();
    }

    synchronized String productSetId(String catalogKey, String name) {
        String id = ids.productSets().getOrDefault(catalogKey, Map.of()).get(name);
        if (id == null && learnSaved()) {
            id = ids.productSets().getOrDefault(catalogKey, Map.of()).get(name);
        }
        return id;
    }

    /**
     * An id not known here may have been saved since by another node (in a cluster the document is shared, and a node
     * asked to upload may not have provisioned yet itself): the saved ids this one lacks are taken in. False for a copy.
     */
    private boolean learnSaved() {
        if (file == null) {
            return false;
        }
        Ids saved = SnapStateFiles.read(file, Ids.class);
        saved.catalogs().forEach(ids.catalogs()::putIfAbsent);
        saved.feeds().forEach(ids.feeds()::putIfAbsent);
        saved.productSets().forEach((catalog, byName) -> byName.forEach((name, id) ->
                ids.productSets().computeIfAbsent(catalog, k -> new LinkedHashMap<>()).putIfAbsent(name, id)));
        return true;
    }

    synchronized void catalog(String key, String id, String organizationId) {
        ids.catalogs().put(key, new Catalog(id, organizationId));
    }

    synchronized void feed(String key, String id, String catalogId) {
        ids.feeds().put(key, new Feed(id, catalogId));
    }

    synchronized void productSet(String catalogKey, String name, String id) {
        ids.productSets().computeIfAbsent(catalogKey, k -> new LinkedHashMap<>()).put(name, id);
    }

    synchronized void save() {
        if (file == null) {
            return;
        }
        SnapStateFiles.write(file, ids);
    }
}
