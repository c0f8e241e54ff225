package io.adrelay.statlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.documents.FileDocumentStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /ops/statlas/batches from a real registry: open batches only, each ad's readiness as the last poll left it. */
class StatlasBatchViewTest {

    @TempDir
    Path dir;

    @Test
    void openBatchesShowEachAdsReadinessOnceAPollHasLooked() throws Exception {
        StatlasBatchRegistry registry = new StatlasBatchRegistry(new FileDocumentStore(dir));
        registry.record(batch("B1", "submitted"));
        registry.record(batch("B2", "in_review"));
        registry.update("B1", e -> e.withDrive(new StatlasBatchEntry.DriveLayout("b1", Map.of(
                "1", new StatlasBatchEntry.AdFolder("f1", "https://drive/f1"), "2", new StatlasBatchEntry.AdFolder("f2", "https://drive/f2")))));
        StatlasBatchView view = new StatlasBatchView(registry);

        JsonNode before = batches(view);
        assertEquals(1, before.size(), "the batch in review is not open: " + before);
        JsonNode ad = before.get(0).path("ads").get(0);
        assertEquals("https://drive/f1", ad.path("folder_url").asText());
        assertTrue(ad.path("ready").isNull() && ad.path("assets").isNull() && before.get(0).path("polled_at").isNull(), "no poll yet: " + before);

        registry.update("B1", e -> e.withDriveSnapshot(Map.of(), new StatlasBatchEntry.DriveReadiness("2026-12-06T10:00:00Z", "1/2 ads ready",
                Map.of("1", new StatlasBatchEntry.AdReadiness(2, true, true, false), "2", new StatlasBatchEntry.AdReadiness(0, false, false, true)))));
        JsonNode after = batches(view).get(0);
        assertEquals("1/2 ads ready", after.path("decision").asText());
        assertEquals(2, after.path("ads").get(0).path("assets").asInt());
        assertTrue(after.path("ads").get(0).path("ready").asBoolean());
        assertFalse(after.path("ads").get(0).path("stable").asBoolean());
        assertFalse(after.path("ads").get(1).path("copy").asBoolean());
        assertEquals("static", after.path("ads").get(1).path("ad_type").asText());
    }

    private static JsonNode batch(String id, String status) throws Exception {
        return Json.MAPPER.readTree("""
                {"id": "%s", "batch_code": "C-%s", "shop": "s", "status": "%s", "go_live_date": "2026-12-13",
                 "ads": [{"ad_no": 1, "ad_code": "C-01", "ad_type": "video", "status": "pending"},
                         {"ad_no": 2, "ad_code": "C-02", "ad_type": "static", "status": "pending"}]}
                """.formatted(id, id, status));
    }

    private static JsonNode batches(StatlasBatchView view) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        view.batches(exchange);
        return Json.MAPPER.readTree(exchange.getMessage().getBody(String.class)).path("batches");
    }
}
