package io.adrelay.statlas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One batch's file under state/statlas/batches/ (the field names are those on disk since the first
 * release): the batch as Statlas last described it, and our own notes: per ad (revision requested,
 * feedback, redelivered), its Drive folders, what the last poll saw, what was delivered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record StatlasBatchEntry(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("registered_at") String registeredAt,
        JsonNode batch,
        @JsonProperty("refreshed_at") String refreshedAt,
        Map<String, AdNote> notes,
        DriveLayout drive,
        @JsonProperty("drive_snapshot") Map<String, String> driveSnapshot,
        @JsonProperty("delivered_copy") Map<String, ObjectNode> deliveredCopy,
        @JsonProperty("delivered_at") String deliveredAt,
        /** Set before a batch's deliver is sent, cleared once it is delivered and complete. */
        @JsonProperty("delivery_started_at") String deliveryStartedAt,
        /** Why the poll leaves the batch alone (its delivery became a dead letter), until the dead letter is replayed. */
        String paused,
        /** What the last Drive poll saw of each ad's folder, and what it decided (the operator's view; GET /ops/statlas/batches). */
        @JsonProperty("drive_readiness") DriveReadiness driveReadiness) {

    /** Our notes on one ad. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdNote(
            @JsonProperty("revision_requested") boolean revisionRequested,
            @JsonProperty("feedback_summary") String feedbackSummary,
            @JsonProperty("revision_url") String revisionUrl,
            @JsonProperty("revision_requested_at") String revisionRequestedAt,
            @JsonProperty("redelivered_at") String redeliveredAt) {
    }

    /** The batch's Drive folder and its ads' folders (by ad number). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DriveLayout(@JsonProperty("batch_folder_id") String batchFolderId, Map<String, AdFolder> ads) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdFolder(@JsonProperty("folder_id") String folderId, @JsonProperty("folder_url") String folderUrl) {
    }

    /** One ad's folder at the last poll: its assets of the ad's kind, whether copy.json is there, ready, unchanged since the poll before. */
    record AdReadiness(int assets, boolean copy, boolean ready, boolean stable) {
    }

    /** The last poll of the batch's folders: when, what it decided, each ad by number. */
    record DriveReadiness(@JsonProperty("polled_at") String polledAt, String decision, Map<String, AdReadiness> ads) {
    }

    static StatlasBatchEntry registered(String batchId, String at) {
        return new StatlasBatchEntry(batchId, at, null, null, Map.of(), null, null, null, null, null, null, null);
    }

    String shop() {
        return batch == null ? null : batch.path("shop").asText(null);
    }

    AdNote note(int adNo) {
        AdNote note = notes == null ? null : notes.get(String.valueOf(adNo));
        return note == null ? new AdNote(false, null, null, null, null) : note;
    }

    /** The batch's ads by number, in Statlas's order. */
    List<String> adNumbers() {
        List<String> numbers = new ArrayList<>();
        batch.path("ads").forEach(ad -> numbers.add(ad.path("ad_no").asText()));
        return numbers;
    }

    /** One ad of the batch as Statlas describes it. */
    JsonNode ad(String adNo) {
        for (JsonNode ad : batch.path("ads")) {
            if (ad.path("ad_no").asText().equals(adNo)) {
                return ad;
            }
        }
        throw new IllegalStateException("batch " + batchId + " has no ad " + adNo);
    }

    boolean revisionsRequested() {
        return notes != null && notes.values().stream().anyMatch(AdNote::revisionRequested);
    }

    StatlasBatchEntry withBatch(JsonNode statlasView, String at) {
        return new StatlasBatchEntry(batchId, registeredAt, statlasView, at, notes == null ? Map.of() : notes, drive, driveSnapshot,
                deliveredCopy, deliveredAt, deliveryStartedAt, paused, driveReadiness);
    }

    StatlasBatchEntry withNote(int adNo, AdNote note) {
        Map<String, AdNote> changed = new LinkedHashMap<>(notes == null ? Map.of() : notes);
        changed.put(String.valueOf(adNo), note);
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, changed, drive, driveSnapshot, deliveredCopy, deliveredAt,
                deliveryStartedAt, paused, driveReadiness);
    }

    StatlasBatchEntry withDrive(DriveLayout folders) {
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, notes, folders, driveSnapshot, deliveredCopy, deliveredAt,
                deliveryStartedAt, paused, driveReadiness);
    }

    StatlasBatchEntry withDriveSnapshot(Map<String, String> snapshot, DriveReadiness readiness) {
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, notes, drive, snapshot, deliveredCopy, deliveredAt,
                deliveryStartedAt, paused, readiness);
    }

    StatlasBatchEntry withDeliveryStarted(String at) {
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, notes, drive, driveSnapshot, deliveredCopy, deliveredAt,
                at, paused, driveReadiness);
    }

    /** Delivered and complete: Statlas now has the batch in review. */
    StatlasBatchEntry delivered(Map<String, ObjectNode> copies, String at) {
        ObjectNode inReview = batch.deepCopy();
        inReview.put("status", "in_review");
        return new StatlasBatchEntry(batchId, registeredAt, inReview, refreshedAt, notes, drive, driveSnapshot, copies, at, null, paused, driveReadiness);
    }

    /** One revised ad delivered again: its copy as delivered, its revision request answered. */
    StatlasBatchEntry redelivered(int adNo, ObjectNode copy, String at) {
        Map<String, ObjectNode> copies = new LinkedHashMap<>(deliveredCopy == null ? Map.of() : deliveredCopy);
        copies.put(String.valueOf(adNo), copy);
        AdNote before = note(adNo);
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, notes, drive, driveSnapshot, copies, deliveredAt,
                deliveryStartedAt, paused, driveReadiness)
                .withNote(adNo, new AdNote(false, before.feedbackSummary(), before.revisionUrl(), before.revisionRequestedAt(), at));
    }

    StatlasBatchEntry withPaused(String reason) {
        return new StatlasBatchEntry(batchId, registeredAt, batch, refreshedAt, notes, drive, driveSnapshot, deliveredCopy, deliveredAt,
                deliveryStartedAt, reason, driveReadiness);
    }
}
