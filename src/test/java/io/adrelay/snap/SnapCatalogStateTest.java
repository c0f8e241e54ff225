package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;

import io.adrelay.common.storage.documents.FileDocumentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes' views of one saved document of Snap ids (a cluster shares it): what one provisioned, the other finds. */
class SnapCatalogStateTest {

    @TempDir
    Path dir;

    @Test
    void idsSavedByAnotherNodeAreFoundWhenNotKnownHere() {
        FileDocumentStore shared = new FileDocumentStore(dir.resolve("state"));
        // both read the document at their start, before anything was provisioned
        SnapCatalogState provisioning = new SnapCatalogState(shared.document("snap/catalogs"));
        SnapCatalogState asked = new SnapCatalogState(shared.document("snap/catalogs"));
        assertNull(asked.feedId("shoes"));

        provisioning.catalog("demo", "catalog-1", "org-1");
        provisioning.feed("shoes", "feed-1", "catalog-1");
        provisioning.productSet("demo", "In stock", "set-1");
        provisioning.save();

        assertEquals("feed-1", asked.feedId("shoes"));
        assertEquals("catalog-1", asked.catalogId("demo"));
        assertEquals("set-1", asked.productSetId("demo", "In stock"));
        // what this node learnt itself is kept over what was saved
        asked.feed("boots", "feed-2", "catalog-1");
        assertEquals("feed-2", asked.feedId("boots"));
        assertNull(asked.copy().feedId("socks"), "a plan's copy reads nothing");
    }
}
