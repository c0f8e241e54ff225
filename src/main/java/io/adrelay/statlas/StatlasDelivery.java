package io.adrelay.statlas;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.drive.DriveRequests;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;
import io.adrelay.common.storage.ledger.EffectLedger;

/**
 * The steps of routes/statlas-deliver-batch.camel.yaml (bean statlasDelivery): on each poll of a batch, what
 * each ad's Drive folder holds, then the decision: the whole batch once every ad is ready and stable (deliver,
 * then complete), or a revised ad once its folder holds a new revision (PATCH when its copy changed, then
 * deliver that ad). Each step sets the next call or records what the last one did; the route sends. Each
 * (file id, revision) is delivered once, across restarts (idempotency keys {@value #EFFECT}).
 */
public class StatlasDelivery {

    static final String EFFECT = "statlas-delivered";
    /** The checks of a lost deliver's or complete's answer (routes/statlas-deliver-batch.camel.yaml). */
    static final String FIND_DELIVERY = "direct:statlas-find-delivery";
    static final String FIND_COMPLETION = "direct:statlas-find-completion";
    /** Exchange property: what a poll does with its batch, {@link #DELIVER_BATCH}, {@link #DELIVER_REVISIONS}, or why nothing yet. */
    static final String DECISION = "AdrelayDelivery";
    static final String DELIVER_BATCH = "batch";
    static final String DELIVER_REVISIONS = "revisions";
    /** Batch statuses that say Statlas has the delivery. */
    private static final Set<String> DELIVERED_STATUSES = Set.of("in_review", "completed");
    private static final Logger LOG = LoggerFactory.getLogger(StatlasDelivery.class);

    private final StatlasBatchRegistry registry;
    private final EffectLedger delivered;
    private final StatlasBatchLocks locks;

    StatlasDelivery(StatlasBatchRegistry registry, EffectLedger delivered, StatlasBatchLocks locks) {
        this.registry = registry;
        this.delivered = delivered;
        this.locks = locks;
    }

    /** The ids of the batches a poll looks at: open ones, except those paused by a dead letter. */
    public List<String> openBatches() {
        return registry.open().stream().filter(b -> b.paused() == null).map(StatlasBatchEntry::batchId).toList();
    }

    /**
     * The start of one poll of one batch: its lock, held until the exchange completes (a replayed dead letter and the
     * poll may look at the same batch together, and both would deliver it). Should the exchange end in a dead letter,
     * the batch is paused then, before the lock is released: it waits for the dead letter's replay rather than being
     * refused again every poll. A replay starts as a poll does: no header of the call that failed.
     */
    public void begin(Exchange e) {
        for (String header : List.of(StatlasHeaders.AD_NO, SentEffects.EFFECT, SentEffects.CHECK, SentEffects.BASELINE)) {
            e.getIn().removeHeader(header);
        }
        String batchId = e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class);
        locks.hold(e, batchId, done -> {
            String deadLetter = done.getProperty(Flow.DEAD_LETTER_ID, String.class);
            if (deadLetter != null) {
                registry.update(batchId, entry -> entry.withPaused("dead letter " + deadLetter));
            }
        });
    }

    /** The dead letter is replayed: the batch polls again. */
    public void resume(@Header(StatlasHeaders.BATCH_ID) String batchId) {
        registry.update(batchId, entry -> entry.withPaused(null));
    }

    /** Its Drive folders were never made (the event came while Drive refused, say): the poll makes them first. */
    public boolean unprepared(@Header(StatlasHeaders.BATCH_ID) String batchId) {
        return registry.find(batchId).orElseThrow().drive() == null;
    }

    /** The batch's ad numbers, as the body; what the poll sees is collected in property {@value StatlasBatchPoll#PROPERTY}. */
    public List<String> ads(Exchange e) {
        String batchId = e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class);
        StatlasBatchPoll poll = new StatlasBatchPoll(registry.find(batchId)
                .orElseThrow(() -> new IllegalStateException("batch " + batchId + " is not registered")));
        e.setProperty(StatlasBatchPoll.PROPERTY, poll);
        e.getIn().setHeader(StatlasHeaders.SHOP, poll.shop());
        return poll.adNumbers();
    }

    /** files.list of the ad's folder (header AdrelayAdNo). */
    public void listRequest(Exchange e) {
        DriveRequests.filesIn(e, poll(e).folder(adNo(e)).folderId());
    }

    /** The folder's files, as Drive listed them. */
    @SuppressWarnings("unchecked")
    public void listed(Exchange e) {
        poll(e).listed(adNo(e), e.getIn().getBody(List.class));
    }

    /**
     * What this poll saw is kept (a file that changed by the next poll is still being written), then decided
     * (property {@value #DECISION}); the ads to deliver as the body.
     */
    public List<String> decide(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        List<StatlasAdFolder> ads = new ArrayList<>(poll.ads.values());
        List<String> toDeliver = new ArrayList<>();
        String decision;
        if (poll.entry.deliveredAt() == null) {
            long ready = ads.stream().filter(StatlasAdFolder::ready).count();
            if (ready < ads.size()) {
                decision = ready + "/" + ads.size() + " ads ready";
            } else if (!ads.stream().allMatch(poll::stable)) {
                decision = "all ads ready, waiting for files to settle";
            } else {
                decision = DELIVER_BATCH;
                poll.alreadySent = ads.stream().flatMap(ad -> ad.deliveryKeys().stream()).allMatch(k -> delivered.isDone(EFFECT, k));
                toDeliver.addAll(poll.adNumbers());
            }
        } else {
            for (StatlasAdFolder ad : ads) {
                boolean revised = ad.deliveryKeys().stream().anyMatch(k -> !delivered.isDone(EFFECT, k));
                if (poll.entry.note(ad.adNo()).revisionRequested() && ad.ready() && poll.stable(ad) && revised) {
                    toDeliver.add(String.valueOf(ad.adNo()));
                }
            }
            decision = toDeliver.isEmpty() ? "no revision to deliver" : DELIVER_REVISIONS;
        }
        e.setProperty(DECISION, decision);
        StatlasBatchEntry.DriveReadiness readiness = poll.readiness(Instant.now().toString(),
                decision.equals(DELIVER_BATCH) ? "all ads ready: delivering" : decision.equals(DELIVER_REVISIONS) ? "delivering revisions" : decision);
        registry.update(poll.batchId(), fresh -> fresh.withDriveSnapshot(poll.fingerprint(), readiness));
        return toDeliver;
    }

    /** files.get (media) of the ad's copy.json. */
    public void copyRequest(Exchange e) {
        DriveRequests.download(e, poll(e).ads.get(adNo(e)).copy().getId());
    }

    /** The ad's copy, as its copy.json says. */
    public void copied(Exchange e) throws IOException {
        poll(e).copied(adNo(e), Json.MAPPER.readTree(e.getIn().getBody(byte[].class)));
    }

    /** A deliver was sent before a stop (delivery_started_at) and may have been taken: Statlas is asked first. */
    public boolean startedBefore(Exchange e) {
        return poll(e).entry.deliveryStartedAt() != null;
    }

    /** GET /batches/{id}: what the checks look at (headers AdrelayBatchId, AdrelayShop). */
    public void batchRequest(Exchange e) {
        EgressCall.get(e, "/batches/" + e.getIn().getHeader(StatlasHeaders.BATCH_ID), "shop=" + e.getIn().getHeader(StatlasHeaders.SHOP));
    }

    /** Statlas's view of a batch whose delivery was in doubt: in review (or done) means it took the deliver. */
    public void statlasView(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        poll.statlasView = EgressCall.json(e);
        String status = poll.statlasView.path("status").asText();
        if (!poll.alreadySent && DELIVERED_STATUSES.contains(status)) {
            LOG.info("Statlas batch {}: the delivery sent before the last stop was taken ({}); not sent again", poll.batchId(), status);
            poll.alreadySent = true;
            recordDelivered(poll, poll.adNumbers());
        }
    }

    public boolean toDeliver(Exchange e) {
        return !poll(e).alreadySent;
    }

    /** delivery_started_at in the registry before the deliver goes out: after a stop, Statlas is asked before a resend. */
    public void starting(Exchange e) {
        registry.update(poll(e).batchId(), fresh -> fresh.withDeliveryStarted(Instant.now().toString()));
    }

    /** POST /batches/{id}/deliver: every ad, its copy, assets and folder. */
    public void deliverRequest(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        EgressCall.request(e, "POST", "/batches/" + poll.batchId() + "/deliver", null, poll.deliverBody(poll.adNumbers()).toString());
        e.getIn().removeHeader(StatlasHeaders.AD_NO);
        effect(e, "statlas-deliver " + poll.batchId(), FIND_DELIVERY);
    }

    /** Every (file id, revision) of the batch is delivered. */
    public void delivered(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        recordDelivered(poll, poll.adNumbers());
    }

    /** Not completed yet as far as adrelay knows (Statlas's view, when it was asked, says whether it was). */
    public boolean toComplete(Exchange e) {
        JsonNode view = poll(e).statlasView;
        return view == null || !view.hasNonNull("completed_at");
    }

    /** POST /batches/{id}/complete. */
    public void completeRequest(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        EgressCall.request(e, "POST", "/batches/" + poll.batchId() + "/complete", null,
                Json.MAPPER.createObjectNode().put("shop", poll.shop()).toString());
        e.getIn().removeHeader(StatlasHeaders.AD_NO);
        effect(e, "statlas-complete " + poll.batchId(), FIND_COMPLETION);
    }

    /** Delivered and complete: delivered_at and the copies as delivered, in the registry (the batch is in review). */
    public void batchDelivered(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        registry.update(poll.batchId(), fresh -> fresh.delivered(poll.copies, Instant.now().toString()));
        LOG.info("Statlas batch {} delivered ({} ads) and marked complete", poll.batchId(), poll.ads.size());
    }

    /** A revised ad's copy differs from what was delivered: Statlas gets the new copy first. */
    public boolean copyChanged(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        String adNo = adNo(e);
        ObjectNode previous = poll.entry.deliveredCopy() == null ? null : poll.entry.deliveredCopy().get(adNo);
        return !poll.copies.get(adNo).equals(previous);
    }

    /** PATCH /batches/{id}/ads/{ad_no}: the ad's new copy. Idempotent: no effect to look for should its answer be lost. */
    public void patchRequest(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        String adNo = adNo(e);
        EgressCall.request(e, "PATCH", "/batches/" + poll.batchId() + "/ads/" + adNo, null,
                poll.copies.get(adNo).deepCopy().put("shop", poll.shop()).toString());
        for (String header : List.of(SentEffects.EFFECT, SentEffects.CHECK, SentEffects.BASELINE)) {
            e.getIn().removeHeader(header);
        }
    }

    /** POST /batches/{id}/deliver of the revised ad alone (header AdrelayAdNo: its check looks at that ad). */
    public void redeliverRequest(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        String adNo = adNo(e);
        EgressCall.request(e, "POST", "/batches/" + poll.batchId() + "/deliver", null, poll.deliverBody(List.of(adNo)).toString());
        effect(e, "statlas-deliver " + poll.batchId() + " ad " + adNo + " " + poll.ads.get(adNo).deliveryKeys(), FIND_DELIVERY);
    }

    /** The revision delivered: its keys, its copy as delivered, its revision request answered. */
    public void redelivered(Exchange e) {
        StatlasBatchPoll poll = poll(e);
        String adNo = adNo(e);
        recordDelivered(poll, List.of(adNo));
        ObjectNode copy = poll.copies.get(adNo);
        registry.update(poll.batchId(), fresh -> fresh.redelivered(Integer.parseInt(adNo), copy, Instant.now().toString()));
        LOG.info("Statlas batch {} ad {}: revision delivered", poll.batchId(), adNo);
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

    private void recordDelivered(StatlasBatchPoll poll, List<String> adNumbers) {
        adNumbers.forEach(adNo -> poll.ads.get(adNo).deliveryKeys().forEach(k -> delivered.markDone(EFFECT, k)));
    }

    /**
     * The effect a deliver or complete names: should its answer be lost, the batch's status (and a revised ad's)
     * tells whether Statlas took it (the checks above), and it is not sent twice.
     */
    private static void effect(Exchange e, String effect, String check) {
        e.getIn().setHeader(SentEffects.EFFECT, effect);
        e.getIn().setHeader(SentEffects.CHECK, check);
        e.getIn().removeHeader(SentEffects.BASELINE);
    }

    private static StatlasBatchPoll poll(Exchange e) {
        return e.getProperty(StatlasBatchPoll.PROPERTY, StatlasBatchPoll.class);
    }

    private static String adNo(Exchange e) {
        return e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
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
