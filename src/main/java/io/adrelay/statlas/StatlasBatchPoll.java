package io.adrelay.statlas;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.drive.model.File;
import io.adrelay.common.Json;

/**
 * One poll of one batch (exchange property {@link #PROPERTY}), filled by the steps of statlas-deliver-batch-one
 * in turn: the batch as the registry has it, each ad's folder as Drive lists it, the ads' copy as read from their
 * copy.json, and, when a delivery was in doubt, what Statlas says of the batch.
 */
final class StatlasBatchPoll {

    static final String PROPERTY = "AdrelayBatchPoll";

    final StatlasBatchEntry entry;
    /** The folders as this poll sees them, by ad number, in the batch's order. */
    final Map<String, StatlasAdFolder> ads = new LinkedHashMap<>();
    /** The ads' copy (headline, description, body), by ad number. */
    final Map<String, ObjectNode> copies = new LinkedHashMap<>();
    /** Every file of the batch was delivered before (its keys are recorded). */
    boolean alreadySent;
    /** Statlas's view of the batch, asked for when a delivery was sent before a stop; null otherwise. */
    JsonNode statlasView;

    StatlasBatchPoll(StatlasBatchEntry entry) {
        this.entry = entry;
    }

    String batchId() {
        return entry.batchId();
    }

    String shop() {
        return entry.shop();
    }

    List<String> adNumbers() {
        return entry.adNumbers();
    }

    StatlasBatchEntry.AdFolder folder(String adNo) {
        return entry.drive().ads().get(adNo);
    }

    /** What Drive listed in the ad's folder. */
    void listed(String adNo, List<File> files) {
        JsonNode ad = entry.ad(adNo);
        ads.put(adNo, StatlasAdFolder.of(ad.path("ad_no").asInt(), ad.path("ad_type").asText(), folder(adNo).folderUrl(), files));
    }

    /** file id -> "size:revision" of every file this poll saw: the next poll compares with it. */
    Map<String, String> fingerprint() {
        Map<String, String> now = new HashMap<>();
        ads.values().forEach(ad -> now.putAll(ad.fingerprint()));
        return now;
    }

    /** What this poll saw of each ad's folder, for the operator. */
    StatlasBatchEntry.DriveReadiness readiness(String at, String decision) {
        Map<String, StatlasBatchEntry.AdReadiness> seen = new LinkedHashMap<>();
        ads.forEach((adNo, ad) -> seen.put(adNo, new StatlasBatchEntry.AdReadiness(ad.assets().size(), ad.copy() != null, ad.ready(), stable(ad))));
        return new StatlasBatchEntry.DriveReadiness(at, decision, seen);
    }

    /** No file of the ad changed since the previous poll (a file still being written does). */
    boolean stable(StatlasAdFolder ad) {
        Map<String, String> before = entry.driveSnapshot() == null ? Map.of() : entry.driveSnapshot();
        return ad.fingerprint().entrySet().stream().allMatch(f -> f.getValue().equals(before.get(f.getKey())));
    }

    /** The ad's copy.json read: headline, description, body (only the keys it has). */
    void copied(String adNo, JsonNode json) {
        ObjectNode copy = Json.MAPPER.createObjectNode();
        for (String key : List.of("headline", "description", "body")) {
            if (json.hasNonNull(key)) {
                copy.put(key, json.get(key).asText());
            }
        }
        copies.put(adNo, copy);
    }

    /** POST /batches/{id}/deliver of the given ads, each exactly as the spec shows it. */
    ObjectNode deliverBody(List<String> adNumbers) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("shop", shop());
        ArrayNode list = body.putArray("ads");
        adNumbers.forEach(adNo -> list.add(adBody(ads.get(adNo), copies.get(adNo))));
        return body;
    }

    private static ObjectNode adBody(StatlasAdFolder ad, ObjectNode copy) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ad_no", ad.adNo()).put("ad_type", ad.adType());
        body.setAll(copy);
        body.put("folder_url", ad.folderUrl());
        ArrayNode assets = body.putArray("assets");
        for (File f : ad.assets()) {
            ObjectNode asset = assets.addObject().put("name", f.getName()).put("url", f.getWebViewLink());
            Integer width = f.getVideoMediaMetadata() != null ? f.getVideoMediaMetadata().getWidth()
                    : f.getImageMediaMetadata() != null ? f.getImageMediaMetadata().getWidth() : null;
            Integer height = f.getVideoMediaMetadata() != null ? f.getVideoMediaMetadata().getHeight()
                    : f.getImageMediaMetadata() != null ? f.getImageMediaMetadata().getHeight() : null;
            if (width != null) {
                asset.put("width", width);
            }
            if (height != null) {
                asset.put("height", height);
            }
            if (f.getSize() != null) {
                asset.put("file_size_bytes", f.getSize());
            }
        }
        return body;
    }
}
