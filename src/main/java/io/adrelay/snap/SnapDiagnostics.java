package io.adrelay.snap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.DataDirectory;

/**
 * Catalog diagnostics: one facets call per provisioned catalog, grouping its products by the
 * configured properties; each answer goes to outbox/snap/diagnostics/&lt;catalog&gt;/&lt;date&gt;.json.
 */
public final class SnapDiagnostics {

    private static final Logger LOG = LoggerFactory.getLogger(SnapDiagnostics.class);

    private final SnapApi api;
    private final SnapCatalogs catalogs;
    private final DataDirectory data;
    private final List<String> properties;
    private final int limit;
    private final ZoneId zone;

    SnapDiagnostics(SnapApi api, SnapCatalogs catalogs, DataDirectory data, List<String> properties, int limit, ZoneId zone) {
        this.api = api;
        this.catalogs = catalogs;
        this.data = data;
        this.properties = properties;
        this.limit = limit;
        this.zone = zone;
    }

    /** Runs every catalog; returns what was written, as the job's outcome. */
    public String run() {
        List<String> written = new ArrayList<>();
        LocalDate today = LocalDate.now(zone);
        for (SnapDeclaration.Catalog catalog : catalogs.declaration().catalogs()) {
            String id = catalogs.state().catalogId(catalog.key());
            if (id == null) {
                LOG.warn("Snap diagnostics: catalog {} is not provisioned; skipped", catalog.key());
                continue;
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            properties.forEach(p -> body.withArrayProperty("facets").addObject().put("property", p));
            JsonNode answer = api.call("POST", "/catalogs/" + id + "/facets", "limit=" + limit, body);
            ObjectNode report = Json.MAPPER.createObjectNode().put("catalog", catalog.key()).put("catalog_id", id)
                    .put("date", today.toString()).put("generated_at", Instant.now().toString());
            report.set("summary", answer.path("summary"));
            report.set("facets", answer.path("facets"));
            DataDirectory.writeObject(data.outbox("snap").resolve("diagnostics").resolve(catalog.key()).resolve(today + ".json"), report);
            written.add(catalog.key() + " (" + answer.path("summary").path("total_products").path("count").asText("?") + " products)");
            LOG.info("Snap diagnostics of catalog {}: {} products", catalog.key(),
                    answer.path("summary").path("total_products").path("count").asText("?"));
        }
        return written.isEmpty() ? "no provisioned catalog" : "diagnostics of " + written;
    }
}
