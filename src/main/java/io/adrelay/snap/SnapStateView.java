package io.adrelay.snap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.DocumentStore;
import org.apache.camel.Exchange;

/**
 * GET /ops/snap/state (bean snapStateView): what adrelay holds of Snap, read only, nothing asked of Snap. The last DPA
 * run's objects (state/snap/campaigns.json: kind, path, Snap id, status, review status, outcome, the reason of what was
 * refused or skipped); per declared feed its upload in progress and its last one (outbox/snap/feed-uploads/: status,
 * when, items errored, Snap's issues by code); per declared product set its Snap id and the path of its preview.
 */
public final class SnapStateView {

    /** Snap's upload ids are UUIDs: anything else in the state is not looked up as a file name. */
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

    private final SnapCatalogs catalogs;
    private final DocumentStore documents;
    private final Path uploads;

    SnapStateView(SnapCatalogs catalogs, DocumentStore documents, DataDirectory data) {
        this.catalogs = catalogs;
        this.documents = documents;
        this.uploads = data.outbox("snap").resolve("feed-uploads");
    }

    public void state(Exchange e) {
        Map<String, Object> answer = new LinkedHashMap<>();
        ObjectNode campaigns = documents.read("snap/campaigns");
        // never provisioned yet: null, not an empty run
        answer.put("campaigns", campaigns.isEmpty() ? null : campaigns);
        answer.put("feeds", feeds());
        answer.put("product_sets", productSets(campaigns.path("product_sets")));
        WebhookResponses.reply(e, 200, answer);
    }

    private List<Map<String, Object>> feeds() {
        List<Map<String, Object>> feeds = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : catalogs.declaration().catalogs()) {
            for (SnapDeclaration.Feed feed : catalog.feeds()) {
                SnapUploadMemory memory = SnapStateFiles.read(documents.document(SnapUploadResume.UPLOADS + "/" + feed.key()),
                        SnapUploadMemory.class);
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("feed", feed.key());
                shown.put("catalog", catalog.key());
                shown.put("feed_id", catalogs.state().feedId(feed.key()));
                shown.put("uploading", memory.pending() == null ? null
                        : Map.of("upload_id", memory.pending().uploadId(), "asked_at", String.valueOf(memory.pending().askedAt())));
                shown.put("last_upload", lastUpload(memory));
                feeds.add(shown);
            }
        }
        return feeds;
    }

    /** The report of the feed's last finished upload; its status alone when the report is gone from the outbox. */
    private Map<String, Object> lastUpload(SnapUploadMemory memory) {
        String id = memory.lastUploadId();
        if (id == null || !UPLOAD_ID.matcher(id).matches()) {
            return null;
        }
        ObjectNode report = DataDirectory.readObject(uploads.resolve(id + ".json"));
        JsonNode summary = report.path("summary");
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("upload_id", id);
        last.put("status", report.path("status").asText(memory.lastStatus()));
        last.put("finished_at", report.path("finished_at").asText(null));
        last.put("update_type", report.path("update_type").asText(null));
        for (String count : List.of("total_items", "items_modified", "items_deleted", "items_errored", "items_with_warnings")) {
            last.put(count, summary.has(count) ? summary.path(count).asLong() : null);
        }
        JsonNode issues = summary.path("issues_summary");
        last.put("errors", issues.path("errors").isObject() ? issues.path("errors") : Json.MAPPER.createObjectNode());
        last.put("recommendations", issues.path("recommendations").isObject() ? issues.path("recommendations") : Json.MAPPER.createObjectNode());
        return last;
    }

    private List<Map<String, Object>> productSets(JsonNode counted) {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : catalogs.declaration().catalogs()) {
            for (SnapDeclaration.ProductSet set : catalog.productSets()) {
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("catalog", catalog.key());
                shown.put("product_set", set.name());
                shown.put("product_set_id", catalogs.productSetId(catalog.key(), set.name()));
                shown.put("products_at_last_run", count(counted, catalog.key(), set.name()));
                shown.put("preview", "/ops/snap/product-sets/" + pathSegment(catalog.key()) + "/" + pathSegment(set.name()) + "/preview");
                sets.add(shown);
            }
        }
        return sets;
    }

    /** How many products the last DPA run counted in the set (only the sets its campaigns use). */
    private static Long count(JsonNode counted, String catalog, String set) {
        for (JsonNode c : counted) {
            if (c.path("catalog").asText().equals(catalog) && c.path("product_set").asText().equals(set) && c.hasNonNull("products")) {
                return c.path("products").asLong();
            }
        }
        return null;
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
