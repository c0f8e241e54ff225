package io.adrelay.sandbox.snap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulated Snap account: entities by collection name ("catalogs", "product_feeds"...) and id,
 * in creation order, and the products the feed uploads loaded. Every access holds its monitor.
 */
final class SnapStore {

    private final Map<String, Map<String, ObjectNode>> collections = new HashMap<>();
    /** feed id -> product id -> the product's columns. */
    private final Map<String, Map<String, Map<String, String>>> products = new HashMap<>();

    /** The collection's entities by id, created empty on first use. */
    Map<String, ObjectNode> collection(String name) {
        return collections.computeIfAbsent(name, n -> new LinkedHashMap<>());
    }

    /** The collection's entities whose field holds the id (the feeds of a catalog, the uploads of a feed...). */
    List<ObjectNode> where(String collection, String field, String id) {
        return collection(collection).values().stream().filter(e -> id.equals(e.path(field).asText())).toList();
    }

    Map<String, Map<String, Map<String, String>>> products() {
        return products;
    }

    /** The products the uploads loaded into the catalog's feeds. */
    List<Map<String, String>> catalogProducts(String catalogId) {
        List<Map<String, String>> all = new ArrayList<>();
        where("product_feeds", "catalog_id", catalogId).forEach(f -> all.addAll(products.getOrDefault(f.path("id").asText(), Map.of()).values()));
        return all;
    }
}
