package io.adrelay.snap;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;

/**
 * Snap ids of what adrelay provisioned, by the operator's keys (state/snap/catalogs.json), so
 * uploads and diagnostics find their feed and catalog after a restart without asking Snap.
 */
final class SnapCatalogState {

    private final Path file;
    private final ObjectNode root;

    SnapCatalogState(Path file) {
        this.file = file;
        this.root = DataDirectory.readObject(file);
    }

    synchronized String catalogId(String catalogKey) {
        return root.path("catalogs").path(catalogKey).path("id").asText(null);
    }

    synchronized String feedId(String feedKey) {
        return root.path("feeds").path(feedKey).path("id").asText(null);
    }

    synchronized void catalog(String key, String id, String organizationId) {
        root.withObjectProperty("catalogs").putObject(key).put("id", id).put("organization_id", organizationId);
    }

    synchronized void feed(String key, String id, String catalogId) {
        root.withObjectProperty("feeds").putObject(key).put("id", id).put("catalog_id", catalogId);
    }

    synchronized void productSet(String catalogKey, String name, String id) {
        root.withObjectProperty("product_sets").withObjectProperty(catalogKey).put(name, id);
    }

    synchronized void save() {
        DataDirectory.writeObject(file, root);
    }

}
