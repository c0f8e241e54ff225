package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.routes.RefusedFiles;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.FileDocumentStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /ops/snap/state read from real state files: what is shown before anything ran, after an upload, and when a file is gone. */
class SnapStateViewTest {

    static final String UPLOAD = "0aea4326-80cf-49de-9555-6d7c01566d9d";

    @TempDir
    Path dir;
    final DefaultCamelContext context = new DefaultCamelContext();
    DataDirectory data;
    FileDocumentStore documents;
    SnapStateView view;

    @BeforeEach
    void declared() throws Exception {
        data = new DataDirectory(dir.resolve("data"));
        documents = new FileDocumentStore(data.root().resolve("state"));
        Path declaration = dir.resolve("snap-catalogs.yaml");
        Files.writeString(declaration, """
                catalogs:
                  - key: demo
                    organization_id: 8fdeefec-f502-4ca8-9a84-6411e0a51058
                    name: demo catalog
                    feeds: [{key: shoes, name: shoes, default_currency: USD}]
                    product_sets: [{name: In stock, filter: {AVAILABILITY: {EQ: IN_STOCK}}}]
                """);
        SnapCatalogState ids = new SnapCatalogState(documents.document("snap/catalogs"));
        ids.feed("shoes", "feed-1", "catalog-1");
        ids.productSet("demo", "In stock", "set-1");
        SnapCatalogs catalogs = new SnapCatalogs(declaration, ResourceHelper.resolveResource(context, "file:" + declaration), ids,
                new RefusedFiles("declarations", "refused declaration(s)"));
        view = new SnapStateView(catalogs, documents, data);
    }

    @Test
    void beforeAnyRunTheFeedsAndSetsAreDeclaredWithNothingDone() throws Exception {
        JsonNode state = state();
        assertTrue(state.path("campaigns").isNull(), state.toString());
        JsonNode feed = state.path("feeds").get(0);
        assertEquals("shoes", feed.path("feed").asText());
        assertEquals("feed-1", feed.path("feed_id").asText());
        assertTrue(feed.path("last_upload").isNull() && feed.path("uploading").isNull(), feed.toString());
        JsonNode set = state.path("product_sets").get(0);
        assertEquals("set-1", set.path("product_set_id").asText());
        assertEquals("/ops/snap/product-sets/demo/In%20stock/preview", set.path("preview").asText(), "a path segment, space encoded");
        assertTrue(set.path("products_at_last_run").isNull());
    }

    @Test
    void theLastUploadShowsItsReportAndSnapsErrorsByCode() throws Exception {
        documents.write("snap/uploads/shoes", Json.MAPPER.readTree("{\"last_upload_id\": \"" + UPLOAD + "\", \"last_status\": \"ERRORED\"}"));
        DataDirectory.writeObject(data.outbox("snap").resolve("feed-uploads/" + UPLOAD + ".json"), Json.MAPPER.readTree("""
                {"upload_id": "%s", "feed": "shoes", "status": "ERRORED", "finished_at": "2026-12-06T10:00:00Z",
                 "summary": {"total_items": 3, "items_modified": 1, "items_deleted": 0, "items_errored": 2,
                             "issues_summary": {"errors": {"CAT_VALIDATION_ERROR_PRICE_INVALID": 2}}}}
                """.formatted(UPLOAD)));
        documents.write("snap/campaigns", Json.MAPPER.readTree("""
                {"provisioned_at": "2026-12-06T10:01:00Z", "summary": "1 not provisioned",
                 "objects": [{"kind": "creative", "path": "a/c/x", "outcome": "refused", "reason": "no products"}],
                 "product_sets": [{"catalog": "demo", "product_set": "In stock", "products": 0}]}
                """));
        JsonNode state = state();
        JsonNode last = state.path("feeds").get(0).path("last_upload");
        assertEquals("ERRORED", last.path("status").asText());
        assertEquals(2, last.path("items_errored").asLong());
        assertEquals(2, last.path("errors").path("CAT_VALIDATION_ERROR_PRICE_INVALID").asLong());
        assertEquals("no products", state.path("campaigns").path("objects").get(0).path("reason").asText());
        assertEquals(0, state.path("product_sets").get(0).path("products_at_last_run").asLong());
    }

    @Test
    void aReportGoneFromTheOutboxLeavesTheRememberedStatusAndAnUnsafeIdIsNotLookedUp() throws Exception {
        documents.write("snap/uploads/shoes", Json.MAPPER.readTree("{\"last_upload_id\": \"" + UPLOAD + "\", \"last_status\": \"COMPLETE\"}"));
        JsonNode last = state().path("feeds").get(0).path("last_upload");
        assertEquals("COMPLETE", last.path("status").asText());
        assertTrue(last.path("items_errored").isNull(), last.toString());

        documents.write("snap/uploads/shoes", Json.MAPPER.readTree("{\"last_upload_id\": \"../../state/snap/catalogs\", \"last_status\": \"COMPLETE\"}"));
        assertTrue(state().path("feeds").get(0).path("last_upload").isNull());
    }

    private JsonNode state() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        view.state(exchange);
        assertEquals(200, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        return Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
    }
}
