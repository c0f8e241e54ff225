package io.adrelay.statlas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.drive.model.File;
import io.adrelay.common.EgressCall;
import io.adrelay.common.Flow;
import io.adrelay.common.IdempotencyStore;
import io.adrelay.common.Json;
import io.adrelay.common.SentEffects;
import io.adrelay.drive.DriveFolders;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a batch's Drive folders, and on each poll decides what to deliver: the whole batch once
 * every ad is ready and stable (then deliver + complete), or a revised ad once its folder holds a
 * new revision (PATCH when its copy changed, then deliver that ad). Each (file id, revision) is
 * delivered once, across restarts. Bean statlasDelivery: the steps of routes/statlas-deliver-batch.camel.yaml.
 */
public class StatlasDelivery {

    static final String EFFECT = "statlas-delivered";
    /** The checks of a lost deliver's or complete's answer (routes/statlas-deliver-batch.camel.yaml). */
    static final String FIND_DELIVERY = "direct:statlas-find-delivery";
    static final String FIND_COMPLETION = "direct:statlas-find-completion";
    /** Batch statuses that say Statlas has the delivery. */
    private static final Set<String> DELIVERED_STATUSES = Set.of("in_review", "completed");
    private static final Logger LOG = LoggerFactory.getLogger(StatlasDelivery.class);

    private final StatlasBatchRegistry registry;
    private final DriveFolders drive;
    private final IdempotencyStore delivered;
    private final ProducerTemplate template;
    private final String rootFolderId;

    StatlasDelivery(StatlasBatchRegistry registry, DriveFolders drive, IdempotencyStore delivered, ProducerTemplate template,
                    String rootFolderId) {
        this.registry = registry;
        this.drive = drive;
        this.delivered = delivered;
        this.template = template;
        this.rootFolderId = rootFolderId;
    }

    /**
     * Under the root folder: <batch_code>/<ad_code>/ for every ad, reusing what exists. One at a time (as
     * deliver): the event route and the poll may both prepare a new batch, and two would make two folders.
     */
    public synchronized void prepareFolders(@Header(StatlasHeaders.BATCH_ID) String batchId) {
        JsonNode batch = registry.find(batchId).orElseThrow().batch();
        File batchFolder = drive.folder(rootFolderId, batch.path("batch_code").asText());
        Map<String, StatlasBatchEntry.AdFolder> ads = new LinkedHashMap<>();
        for (JsonNode ad : batch.path("ads")) {
            File adFolder = drive.folder(batchFolder.getId(), ad.path("ad_code").asText());
            ads.put(ad.path("ad_no").asText(), new StatlasBatchEntry.AdFolder(adFolder.getId(), adFolder.getWebViewLink()));
        }
        registry.update(batchId, entry -> entry.withDrive(new StatlasBatchEntry.DriveLayout(batchFolder.getId(), ads)));
        LOG.info("Statlas batch {}: Drive folders ready under {}", batchId, batch.path("batch_code").asText());
    }

    /** The ids of the batches a poll looks at: open ones, except those paused by a dead letter. */
    public List<String> openBatches() {
        return registry.open().stream().filter(b -> b.paused() == null).map(StatlasBatchEntry::batchId).toList();
    }

    /**
     * One poll of one open batch: delivers what is ready. One at a time: a replayed dead letter and the
     * poll may look at the same batch together, and both would deliver it.
     */
    public synchronized void deliver(@Header(StatlasHeaders.BATCH_ID) String batchId) throws Exception {
        String did = poll(registry.find(batchId).orElseThrow());
        LOG.debug("Statlas batch {}: {}", batchId, did);
    }

    /** A delivery that failed for good: the batch waits for its dead letter's replay, not refused again every poll. */
    public void pause(@Header(StatlasHeaders.BATCH_ID) String batchId, @ExchangeProperty(Flow.DEAD_LETTER_ID) String deadLetterId) {
        registry.update(batchId, entry -> entry.withPaused("dead letter " + deadLetterId));
    }

    /** The dead letter is replayed: the batch polls again. */
    public void resume(@Header(StatlasHeaders.BATCH_ID) String batchId) {
        registry.update(batchId, entry -> entry.withPaused(null));
    }

    private String poll(StatlasBatchEntry entry) throws Exception {
        String batchId = entry.batchId();
        if (entry.drive() == null) {
            prepareFolders(batchId);
            entry = registry.find(batchId).orElseThrow();
        }
        List<StatlasAdFolder> ads = new ArrayList<>();
        Map<String, String> now = new HashMap<>();
        for (JsonNode ad : entry.batch().path("ads")) {
            StatlasBatchEntry.AdFolder folder = entry.drive().ads().get(ad.path("ad_no").asText());
            StatlasAdFolder seen = StatlasAdFolder.of(ad.path("ad_no").asInt(), ad.path("ad_type").asText(),
                    folder.folderUrl(), drive.files(folder.folderId()));
            ads.add(seen);
            now.putAll(seen.fingerprint());
        }
        Map<String, String> before = entry.driveSnapshot() == null ? Map.of() : entry.driveSnapshot();
        registry.update(batchId, fresh -> fresh.withDriveSnapshot(now));

        if (entry.deliveredAt() == null) {
            return deliverBatch(entry, ads, before);
        }
        return deliverRevisions(entry, ads, before);
    }

    private String deliverBatch(StatlasBatchEntry entry, List<StatlasAdFolder> ads, Map<String, String> before) throws Exception {
        String batchId = entry.batchId();
        long ready = ads.stream().filter(StatlasAdFolder::ready).count();
        if (ready < ads.size()) {
            return ready + "/" + ads.size() + " ads ready";
        }
        if (!ads.stream().allMatch(ad -> stable(ad, before))) {
            return "all ads ready, waiting for files to settle";
        }
        String shop = entry.shop();
        boolean alreadySent = ads.stream().flatMap(ad -> ad.deliveryKeys().stream()).allMatch(k -> delivered.isDone(EFFECT, k));
        Map<String, ObjectNode> copies = new LinkedHashMap<>();
        ObjectNode body = Json.MAPPER.createObjectNode().put("shop", shop);
        ArrayNode list = body.putArray("ads");
        for (StatlasAdFolder ad : ads) {
            ObjectNode copy = copyOf(ad);
            copies.put(String.valueOf(ad.adNo()), copy);
            list.add(adBody(ad, copy));
        }
        // an earlier run sent deliver or complete and stopped before it saw the answer: Statlas knows whether it took them
        JsonNode statlasView = entry.deliveryStartedAt() != null ? EgressCall.json(EgressCall.send(template, "direct:statlas-egress-get",
                "GET", "/batches/" + batchId, "shop=" + shop, null)) : null;
        if (!alreadySent && statlasView != null && DELIVERED_STATUSES.contains(statlasView.path("status").asText())) {
            LOG.info("Statlas batch {}: the delivery sent before the last stop was taken ({}); not sent again", batchId,
                    statlasView.path("status").asText());
            alreadySent = true;
            ads.forEach(ad -> ad.deliveryKeys().forEach(k -> delivered.markDone(EFFECT, k)));
        }
        if (!alreadySent) {
            registry.update(batchId, fresh -> fresh.withDeliveryStarted(Instant.now().toString()));
            post(entry, "deliver", body, null, "statlas-deliver " + batchId);
            ads.forEach(ad -> ad.deliveryKeys().forEach(k -> delivered.markDone(EFFECT, k)));
        }
        if (statlasView == null || !statlasView.hasNonNull("completed_at")) {
            post(entry, "complete", Json.MAPPER.createObjectNode().put("shop", shop), null, "statlas-complete " + batchId);
        }
        registry.update(batchId, fresh -> fresh.delivered(copies, Instant.now().toString()));
        LOG.info("Statlas batch {} delivered ({} ads) and marked complete", batchId, ads.size());
        return "delivered";
    }

    private String deliverRevisions(StatlasBatchEntry entry, List<StatlasAdFolder> ads, Map<String, String> before) throws Exception {
        String batchId = entry.batchId();
        String shop = entry.shop();
        int redelivered = 0;
        for (StatlasAdFolder ad : ads) {
            boolean revised = ad.deliveryKeys().stream().anyMatch(k -> !delivered.isDone(EFFECT, k));
            if (!entry.note(ad.adNo()).revisionRequested() || !ad.ready() || !stable(ad, before) || !revised) {
                continue;
            }
            ObjectNode copy = copyOf(ad);
            JsonNode previous = entry.deliveredCopy() == null ? null : entry.deliveredCopy().get(String.valueOf(ad.adNo()));
            if (!copy.equals(previous)) {
                ObjectNode patch = copy.deepCopy().put("shop", shop);
                EgressCall.send(template, "direct:statlas-egress-post", "PATCH", "/batches/" + batchId + "/ads/" + ad.adNo(), null,
                        patch.toString());
            }
            ObjectNode body = Json.MAPPER.createObjectNode().put("shop", shop);
            body.putArray("ads").add(adBody(ad, copy));
            post(entry, "deliver", body, ad.adNo(), "statlas-deliver " + batchId + " ad " + ad.adNo() + " " + ad.deliveryKeys());
            ad.deliveryKeys().forEach(k -> delivered.markDone(EFFECT, k));
            registry.update(batchId, fresh -> fresh.redelivered(ad.adNo(), copy, Instant.now().toString()));
            LOG.info("Statlas batch {} ad {}: revision delivered", batchId, ad.adNo());
            redelivered++;
        }
        return redelivered + " revision(s) delivered";
    }

    private static boolean stable(StatlasAdFolder ad, Map<String, String> before) {
        return ad.fingerprint().entrySet().stream().allMatch(f -> f.getValue().equals(before.get(f.getKey())));
    }

    /** headline, description, body from the ad's copy.json (only the keys it has). */
    private ObjectNode copyOf(StatlasAdFolder ad) throws Exception {
        JsonNode json = Json.MAPPER.readTree(drive.content(ad.copy().getId()));
        ObjectNode copy = Json.MAPPER.createObjectNode();
        for (String key : List.of("headline", "description", "body")) {
            if (json.hasNonNull(key)) {
                copy.put(key, json.get(key).asText());
            }
        }
        return copy;
    }

    /** One ad of the deliver body, exactly as the spec shows it. */
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

    /**
     * POST /batches/{id}/deliver or /complete, naming its effect: should the answer be lost, the batch's status
     * (and a revised ad's) tells whether Statlas took it (the checks below), and it is not sent twice.
     */
    private void post(StatlasBatchEntry entry, String action, ObjectNode body, Integer adNo, String effect) {
        Map<String, Object> headers = new HashMap<>(Map.of(StatlasHeaders.BATCH_ID, entry.batchId(), StatlasHeaders.SHOP, entry.shop(),
                SentEffects.EFFECT, effect, SentEffects.CHECK, "deliver".equals(action) ? FIND_DELIVERY : FIND_COMPLETION));
        if (adNo != null) {
            headers.put(StatlasHeaders.AD_NO, String.valueOf(adNo));
        }
        EgressCall.send(template, "direct:statlas-egress-post", "POST", "/batches/" + entry.batchId() + "/" + action, null,
                body.toString(), headers);
    }

    /** GET /batches/{id}: what the checks below look at. */
    public void batchRequest(Exchange e) {
        EgressCall.get(e, "/batches/" + e.getIn().getHeader(StatlasHeaders.BATCH_ID), "shop=" + e.getIn().getHeader(StatlasHeaders.SHOP));
    }

    /** A lost deliver's check: the batch is in review (or done); a revised ad awaits review again. */
    public void findDelivery(Exchange e) {
        JsonNode batch = EgressCall.json(e);
        String adNo = e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
        boolean taken = adNo == null ? DELIVERED_STATUSES.contains(batch.path("status").asText())
                : stream(batch.path("ads")).anyMatch(ad -> ad.path("ad_no").asText().equals(adNo)
                        && !"revision_requested".equals(ad.path("status").asText()));
        found(e, taken, batch);
    }

    /** A lost complete's check: the batch says when it was completed. */
    public void findCompletion(Exchange e) {
        JsonNode batch = EgressCall.json(e);
        found(e, batch.hasNonNull("completed_at"), batch);
    }

    private static void found(Exchange e, boolean taken, JsonNode batch) {
        e.setProperty(SentEffects.FOUND, taken ? "yes" : "no");
        e.getIn().setBody(Json.MAPPER.createObjectNode().put("success", true).put("batch_id", batch.path("id").asText())
                .put("status", batch.path("status").asText()));
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
