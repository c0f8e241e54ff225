package io.adrelay.snap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.storage.DataDirectory;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/snap-check-catalog.camel.yaml (bean snapDiagnostics): one facets call per provisioned catalog,
 * grouping its products by the configured properties; each answer goes to
 * outbox/snap/diagnostics/&lt;catalog&gt;/&lt;date&gt;.json.
 */
public final class SnapDiagnostics {

    /** A provisioned catalog: the operator's key and Snap's id. */
    record Catalog(String key, String id) {
    }

    /** Exchange properties: what this run wrote (by catalog, so a retried step counts once); the catalog being asked. */
    private static final String WRITTEN = "AdrelaySnapDiagnosticsWritten";
    private static final String CATALOG = "AdrelaySnapDiagnosticsCatalog";
    private static final Logger LOG = LoggerFactory.getLogger(SnapDiagnostics.class);

    private final SnapCatalogs catalogs;
    private final DataDirectory data;
    private final List<String> properties;
    private final int limit;
    private final ZoneId zone;

    SnapDiagnostics(SnapCatalogs catalogs, DataDirectory data, List<String> properties, int limit, ZoneId zone) {
        this.catalogs = catalogs;
        this.data = data;
        this.properties = properties;
        this.limit = limit;
        this.zone = zone;
    }

    /** Every declared catalog Snap holds (one not provisioned is skipped, with a WARN). */
    public List<Catalog> catalogs(Exchange e) {
        e.setProperty(WRITTEN, new LinkedHashMap<String, String>());
        List<Catalog> provisioned = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : catalogs.declaration().catalogs()) {
            String id = catalogs.state().catalogId(catalog.key());
            if (id == null) {
                LOG.warn("Snap diagnostics: catalog {} is not provisioned; skipped", catalog.key());
            } else {
                provisioned.add(new Catalog(catalog.key(), id));
            }
        }
        return provisioned;
    }

    /** POST /catalogs/{id}/facets with the configured properties (a read: Snap changes nothing). */
    public void facetsRequest(Exchange e) {
        Catalog catalog = e.getIn().getBody(Catalog.class);
        e.setProperty(CATALOG, catalog);
        ObjectNode body = Json.MAPPER.createObjectNode();
        properties.forEach(p -> body.withArrayProperty("facets").addObject().put("property", p));
        EgressCall.request(e, "POST", "/catalogs/" + catalog.id() + "/facets", "limit=" + limit, body.toString());
    }

    /** Snap's answer to outbox/snap/diagnostics/&lt;catalog&gt;/&lt;date&gt;.json. */
    public void write(Exchange e) {
        Catalog catalog = e.getProperty(CATALOG, Catalog.class);
        JsonNode answer = EgressCall.json(e);
        LocalDate today = LocalDate.now(zone);
        ObjectNode report = Json.MAPPER.createObjectNode().put("catalog", catalog.key()).put("catalog_id", catalog.id())
                .put("date", today.toString()).put("generated_at", Instant.now().toString());
        report.set("summary", answer.path("summary"));
        report.set("facets", answer.path("facets"));
        DataDirectory.writeObject(data.outbox("snap").resolve("diagnostics").resolve(catalog.key()).resolve(today + ".json"), report);
        String products = answer.path("summary").path("total_products").path("count").asText("?");
        written(e).put(catalog.key(), catalog.key() + " (" + products + " products)");
        LOG.info("Snap diagnostics of catalog {}: {} products", catalog.key(), products);
    }

    /** What was written, as the job's outcome. */
    public void outcome(Exchange e) {
        Map<String, String> written = written(e);
        e.setProperty(Flow.OUTCOME, written.isEmpty() ? "no provisioned catalog" : "diagnostics of " + written.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> written(Exchange e) {
        return e.getProperty(WRITTEN, Map.class);
    }
}
