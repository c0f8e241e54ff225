package io.adrelay.snap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.adrelay.common.egress.SentEffects;

/**
 * What is remembered of a feed's uploads (state/snap/uploads/&lt;feed&gt;.json): the upload being followed, and
 * the last one that ended (with the file Snap last took whole). An ask whose answer was lost is the egress's
 * business (common/egress/SentEffects).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record SnapUploadMemory(Pending pending,
                        @JsonProperty("last_upload_id") String lastUploadId,
                        @JsonProperty("last_status") String lastStatus,
                        @JsonProperty("last_uploaded_sha256") String lastUploadedSha256) {

    /** An upload Snap took, followed until it ends. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pending(@JsonProperty("upload_id") String uploadId, @JsonProperty("feed_id") String feedId, String sha256,
                   @JsonProperty("asked_at") String askedAt) {
    }

    /** From here on the upload is followed (across restarts and replays) rather than asked for again. */
    SnapUploadMemory pending(Pending now) {
        return new SnapUploadMemory(now, lastUploadId, lastStatus, lastUploadedSha256);
    }

    /** Snap holds this file now: it is not offered again until it changes. */
    SnapUploadMemory uploaded(String sha256) {
        return new SnapUploadMemory(pending, lastUploadId, lastStatus, sha256);
    }

    /** The upload ended: no longer followed. */
    SnapUploadMemory ended(String uploadId, String status) {
        return new SnapUploadMemory(null, uploadId, status, lastUploadedSha256);
    }
}
