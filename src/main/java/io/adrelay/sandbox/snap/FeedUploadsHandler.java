package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.batch;
import static io.adrelay.sandbox.snap.SnapEnvelope.entity;
import static io.adrelay.sandbox.snap.SnapEnvelope.items;
import static io.adrelay.sandbox.snap.SnapEnvelope.malformed;
import static io.adrelay.sandbox.snap.SnapEnvelope.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/**
 * One-time uploads of a feed without a schedule (REPLACE or UPSERT from a URL, with optional
 * Basic credentials), processed by FeedUploadProcessing; Snap keeps the latest 200 of a feed.
 */
final class FeedUploadsHandler implements SnapResource {

    private static final int MAX_UPLOADS_PER_FEED = 200;

    private final SnapStore store;
    private final Map<String, ObjectNode> uploads;
    private final FeedUploadProcessing processing;

    FeedUploadsHandler(SnapStore store, FeedUploadProcessing processing) {
        this.store = store;
        this.uploads = store.collection("feed_uploads");
        this.processing = processing;
    }

    @Override
    public void register(SnapRouter router) {
        router.id("upload", "CAT_VALIDATION_ERROR_UPLOAD_ID_INVALID", "upload", "feed upload", uploads)
                .on("GET", "product_feeds/{feed}/feed_uploads", call -> read("feed_uploads", "feed_upload", newestFirst(call.id("feed"))))
                .on("POST", "product_feeds/{feed}/feed_uploads", call -> create(call.entity("feed"), call))
                .on("GET", "feed_uploads/{upload}", call -> read("feed_uploads", "feed_upload", List.of(call.entity("upload"))));
    }

    private SimResponse create(ObjectNode feed, SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "feed_uploads");
        if (items == null) {
            return malformed("feed_uploads");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String url = item.path("url").asText("");
            String updateType = item.path("update_type").asText("");
            String problem = feed.hasNonNull("schedule")
                    ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: one time uploads are only allowed for product feeds without a schedule"
                    : !url.matches("(?i)(https?|s?ftp)://.+") ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: url must be an FTP/SFTP/HTTP/HTTPS URL"
                    : !Set.of("REPLACE", "UPSERT").contains(updateType) ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: update_type must be REPLACE or UPSERT"
                    : null;
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode upload = entity().put("feed_id", feed.path("id").asText()).put("url", url).put("update_type", updateType)
                    .put("status", "INITIALIZED");
            upload.putObject("summary").putObject("issues_summary");
            String id = upload.path("id").asText();
            uploads.put(id, upload);
            forgetOldUploads(feed.path("id").asText());
            processing.start(id, item.hasNonNull("username") ? item.path("username").asText() + ":" + item.path("password").asText() : null);
            results.add(upload.deepCopy());
        }
        return batch("feed_uploads", "feed_upload", results);
    }

    /** Snap keeps the latest 200 uploads of a feed. */
    private void forgetOldUploads(String feedId) {
        List<String> ids = store.where("feed_uploads", "feed_id", feedId).stream().map(u -> u.path("id").asText()).toList();
        for (int i = 0; i < ids.size() - MAX_UPLOADS_PER_FEED; i++) {
            uploads.remove(ids.get(i));
            processing.forget(ids.get(i));
        }
    }

    /** The feed's latest 200 uploads, newest first. */
    private List<ObjectNode> newestFirst(String feedId) {
        List<ObjectNode> list = new ArrayList<>(store.where("feed_uploads", "feed_id", feedId));
        Collections.reverse(list);
        return list.subList(0, Math.min(MAX_UPLOADS_PER_FEED, list.size()));
    }
}
