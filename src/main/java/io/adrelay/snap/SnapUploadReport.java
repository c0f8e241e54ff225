package io.adrelay.snap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A feed upload's end (outbox/snap/feed-uploads/&lt;upload_id&gt;.json): Snap's final status and summary. */
record SnapUploadReport(@JsonProperty("upload_id") String uploadId, String feed, @JsonProperty("feed_id") String feedId,
                        String status, String url, @JsonProperty("update_type") String updateType,
                        @JsonProperty("published_sha256") String publishedSha256, @JsonProperty("finished_at") String finishedAt,
                        JsonNode summary) {
}
