package io.adrelay.statlas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.intake.WebhookResponses;
import org.apache.camel.Exchange;

/**
 * GET /ops/statlas/batches (bean statlasBatchView): the open batches of the registry (those the Drive poll looks at),
 * read only, with each ad's readiness in Drive as the last poll saw it (its assets of the ad's kind, copy.json, ready,
 * unchanged since the poll before) and what that poll decided.
 */
public final class StatlasBatchView {

    private final StatlasBatchRegistry registry;

    StatlasBatchView(StatlasBatchRegistry registry) {
        this.registry = registry;
    }

    public void batches(Exchange e) {
        List<Map<String, Object>> batches = new ArrayList<>();
        for (StatlasBatchEntry entry : registry.open()) {
            batches.add(batch(entry));
        }
        WebhookResponses.reply(e, 200, Map.of("batches", batches));
    }

    private static Map<String, Object> batch(StatlasBatchEntry entry) {
        // registered, not described by Statlas yet: nothing but its id
        JsonNode batch = entry.batch() == null ? Json.MAPPER.createObjectNode() : entry.batch();
        StatlasBatchEntry.DriveReadiness polled = entry.driveReadiness();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("batch_id", entry.batchId());
        shown.put("batch_code", batch.path("batch_code").asText(null));
        shown.put("shop", batch.path("shop").asText(null));
        shown.put("status", batch.path("status").asText(null));
        shown.put("go_live_date", batch.path("go_live_date").asText(null));
        shown.put("registered_at", entry.registeredAt());
        shown.put("delivered_at", entry.deliveredAt());
        shown.put("paused", entry.paused());
        shown.put("polled_at", polled == null ? null : polled.polledAt());
        shown.put("decision", polled == null ? null : polled.decision());
        List<Map<String, Object>> ads = new ArrayList<>();
        for (JsonNode ad : batch.path("ads")) {
            String adNo = ad.path("ad_no").asText();
            StatlasBatchEntry.AdReadiness seen = polled == null || polled.ads() == null ? null : polled.ads().get(adNo);
            StatlasBatchEntry.AdFolder folder = entry.drive() == null || entry.drive().ads() == null ? null : entry.drive().ads().get(adNo);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("ad_no", ad.path("ad_no").asInt());
            one.put("ad_code", ad.path("ad_code").asText(null));
            one.put("ad_type", ad.path("ad_type").asText(null));
            one.put("status", ad.path("status").asText(null));
            one.put("revision_requested", entry.note(ad.path("ad_no").asInt()).revisionRequested());
            one.put("folder_url", folder == null ? null : folder.folderUrl());
            // null until a poll has looked at the folder
            one.put("assets", seen == null ? null : seen.assets());
            one.put("copy", seen == null ? null : seen.copy());
            one.put("ready", seen == null ? null : seen.ready());
            one.put("stable", seen == null ? null : seen.stable());
            ads.add(one);
        }
        shown.put("ads", ads);
        return shown;
    }
}
