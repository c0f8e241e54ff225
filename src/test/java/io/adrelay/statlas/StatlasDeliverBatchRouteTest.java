package io.adrelay.statlas;

import io.adrelay.common.storage.ClusterLocks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.drive.model.File;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.ApiError;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.egress.SentEffects;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.ledger.EffectLedger;
import io.adrelay.common.storage.ledger.FileEffectLedger;
import io.adrelay.common.storage.documents.FileDocumentStore;

/**
 * routes/statlas-deliver-batch.camel.yaml as operators ship it, Drive and Statlas woven to mocks: each ad's
 * folder listed, the choice (the whole batch, revised ads, nothing yet), deliver then complete, a revised ad's
 * PATCH then its deliver, what each records, the pause on a dead letter and one delivery of a batch at a time.
 */
class StatlasDeliverBatchRouteTest extends CamelTestSupport {

    private static final Pattern FOLDER = Pattern.compile("'([^']+)' in parents");
    private static final String BATCH = "B1";

    @TempDir
    Path data;

    StatlasBatchRegistry registry;
    EffectLedger idempotency;
    /** What the Drive mock holds: folder id -> its files; file id -> content. */
    final Map<String, List<File>> folders = new LinkedHashMap<>();
    final Map<String, String> contents = new LinkedHashMap<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        registry = new StatlasBatchRegistry(new FileDocumentStore(data.resolve("state")));
        idempotency = new FileEffectLedger(data.resolve("state/idempotency"), 100);
        context.getRegistry().bind("retryPolicy", new RetryPolicy(1, 1, 1));
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(data.resolve("dead-letter")), new DeadLetterCounter(context)));
        context.getRegistry().bind("statlasDelivery", new StatlasDelivery(registry, idempotency, new StatlasBatchLocks(ClusterLocks.NONE)));
        context.addRoutes(new RouteConfigurations());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/statlas-deliver-batch.camel.yaml"));
        return context;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    /** Drive and Statlas woven to mocks in the batch's route; the poll's timer a direct: endpoint. */
    void advise() throws Exception {
        AdviceWith.adviceWith(context, "statlas-deliver-batch", a -> a.replaceFromWith("direct:poll"));
        AdviceWith.adviceWith(context, "statlas-deliver-batch-one", a -> {
            a.weaveByToUri("direct:drive-egress-list").replace().to("mock:drive-list");
            a.weaveByToUri("direct:drive-egress-download").replace().to("mock:drive-download");
            a.weaveByToUri("direct:statlas-egress-get").replace().to("mock:statlas-get");
            a.weaveByToUri("direct:statlas-egress-post").replace().to("mock:statlas-post");
            a.weaveByToUri("direct:statlas-make-folders").replace().to("mock:make-folders");
        });
        context.start();
        getMockEndpoint("mock:drive-list").whenAnyExchangeReceived(e -> {
            Matcher folder = FOLDER.matcher(e.getIn().getHeader("CamelGoogleDrive.q", String.class));
            assertTrue(folder.find(), "a listing of one folder");
            e.getIn().setBody(new ArrayList<>(folders.getOrDefault(folder.group(1), List.of())));
        });
        getMockEndpoint("mock:drive-download").whenAnyExchangeReceived(e ->
                e.getIn().setBody(contents.get(e.getIn().getHeader("CamelGoogleDrive.fileId", String.class)).getBytes(StandardCharsets.UTF_8)));
        getMockEndpoint("mock:statlas-post").whenAnyExchangeReceived(e -> e.getIn().setBody("{\"success\": true}"));
    }

    @Test
    void aReadyBatchIsDeliveredThenCompleted() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        advise();

        Exchange done = deliverOne();

        assertNull(done.getException());
        MockEndpoint statlas = getMockEndpoint("mock:statlas-post");
        assertEquals(2, statlas.getReceivedCounter(), "deliver, then complete");
        Exchange deliver = statlas.getReceivedExchanges().get(0);
        assertEquals("POST", deliver.getIn().getHeader(Exchange.HTTP_METHOD));
        assertEquals("/batches/B1/deliver", deliver.getIn().getHeader(Exchange.HTTP_PATH));
        assertEquals("statlas-deliver B1", deliver.getIn().getHeader(SentEffects.EFFECT));
        assertEquals("direct:statlas-find-delivery", deliver.getIn().getHeader(SentEffects.CHECK));
        assertNull(deliver.getIn().getHeader(StatlasHeaders.AD_NO), "the whole batch, not one ad");
        JsonNode body = Json.MAPPER.readTree(deliver.getIn().getBody(String.class));
        assertEquals("shop1", body.path("shop").asText());
        assertEquals(2, body.path("ads").size());
        JsonNode video = body.path("ads").get(0);
        assertEquals(1, video.path("ad_no").asInt());
        assertEquals("video", video.path("ad_type").asText());
        assertEquals("Unwrap 1", video.path("headline").asText());
        assertEquals("https://drive/f1", video.path("folder_url").asText());
        assertEquals("asset1.mp4", video.path("assets").get(0).path("name").asText());
        assertEquals(1080, video.path("assets").get(0).path("width").asInt());
        assertEquals(1000, video.path("assets").get(0).path("file_size_bytes").asLong());
        assertEquals(1, video.path("assets").size(), "copy.json is copy, not an asset");
        assertEquals("Glow 2", body.path("ads").get(1).path("headline").asText());

        Exchange complete = statlas.getReceivedExchanges().get(1);
        assertEquals("/batches/B1/complete", complete.getIn().getHeader(Exchange.HTTP_PATH));
        assertEquals("{\"shop\":\"shop1\"}", complete.getIn().getBody(String.class));
        assertEquals("statlas-complete B1", complete.getIn().getHeader(SentEffects.EFFECT));
        assertEquals("direct:statlas-find-completion", complete.getIn().getHeader(SentEffects.CHECK));

        StatlasBatchEntry entry = registry.find(BATCH).orElseThrow();
        assertNotNull(entry.deliveredAt());
        assertNull(entry.deliveryStartedAt(), "delivered and complete: nothing in doubt");
        assertEquals("in_review", entry.batch().path("status").asText());
        assertEquals("Unwrap 1", entry.deliveredCopy().get("1").path("headline").asText());
        assertTrue(idempotency.isDone(StatlasDelivery.EFFECT, "asset1:r1") && idempotency.isDone(StatlasDelivery.EFFECT, "copy2:r1"));
        assertEquals(2, getMockEndpoint("mock:drive-download").getReceivedCounter(), "each ad's copy.json, once");
        assertEquals(0, getMockEndpoint("mock:statlas-get").getReceivedCounter(), "no delivery in doubt: nothing to ask Statlas");
        assertEquals(0, getMockEndpoint("mock:make-folders").getReceivedCounter());

        // the next poll finds it delivered: nothing is sent again
        deliverOne();
        assertEquals(2, statlas.getReceivedCounter());
    }

    @Test
    void aHalfReadyBatchSendsNothing() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        // ad 2: its still, no copy.json yet
        folders.get("f2").removeIf(f -> "copy.json".equals(f.getName()));
        settled();
        advise();

        deliverOne();

        assertEquals(2, getMockEndpoint("mock:drive-list").getReceivedCounter(), "each ad's folder listed");
        assertEquals(0, getMockEndpoint("mock:drive-download").getReceivedCounter());
        assertEquals(0, getMockEndpoint("mock:statlas-post").getReceivedCounter());
        assertEquals(0, getMockEndpoint("mock:statlas-get").getReceivedCounter());
        assertNull(registry.find(BATCH).orElseThrow().deliveredAt());
    }

    @Test
    void aFileThatChangedSinceTheLastPollWaits() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        advise();

        // the first look: ready, but nothing to compare with yet
        deliverOne();
        assertEquals(0, getMockEndpoint("mock:statlas-post").getReceivedCounter());
        // the next: the same files, settled
        deliverOne();
        assertEquals(2, getMockEndpoint("mock:statlas-post").getReceivedCounter());
    }

    @Test
    void aRevisedAdIsPatchedThenDeliveredAlone() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        advise();
        deliverOne();
        MockEndpoint statlas = getMockEndpoint("mock:statlas-post");
        statlas.reset();
        statlas.whenAnyExchangeReceived(e -> e.getIn().setBody("{\"success\": true}"));

        // the client asks for a revision of ad 2; the designer replaces its still and its copy
        registry.markRevision(BATCH, 2, "Brighter, please", "https://statlas/r/2");
        folders.get("f2").clear();
        fill(2, "r2", "Brighter Glow");
        settled();
        deliverOne();

        assertEquals(2, statlas.getReceivedCounter(), "PATCH, then deliver");
        Exchange patch = statlas.getReceivedExchanges().get(0);
        assertEquals("PATCH", patch.getIn().getHeader(Exchange.HTTP_METHOD));
        assertEquals("/batches/B1/ads/2", patch.getIn().getHeader(Exchange.HTTP_PATH));
        assertNull(patch.getIn().getHeader(SentEffects.EFFECT), "a PATCH is idempotent: no effect to look for");
        JsonNode copy = Json.MAPPER.readTree(patch.getIn().getBody(String.class));
        assertEquals("Brighter Glow", copy.path("headline").asText());
        assertEquals("shop1", copy.path("shop").asText());

        Exchange deliver = statlas.getReceivedExchanges().get(1);
        assertEquals("POST", deliver.getIn().getHeader(Exchange.HTTP_METHOD));
        assertEquals("/batches/B1/deliver", deliver.getIn().getHeader(Exchange.HTTP_PATH));
        assertEquals("2", deliver.getIn().getHeader(StatlasHeaders.AD_NO, String.class));
        assertEquals("statlas-deliver B1 ad 2 [asset2:r2, copy2:r2]", deliver.getIn().getHeader(SentEffects.EFFECT));
        assertEquals("direct:statlas-find-delivery", deliver.getIn().getHeader(SentEffects.CHECK));
        JsonNode body = Json.MAPPER.readTree(deliver.getIn().getBody(String.class));
        assertEquals(1, body.path("ads").size());
        assertEquals(2, body.path("ads").get(0).path("ad_no").asInt());
        assertEquals("Brighter Glow", body.path("ads").get(0).path("headline").asText());

        StatlasBatchEntry entry = registry.find(BATCH).orElseThrow();
        assertFalse(entry.note(2).revisionRequested(), "the revision is answered");
        assertNotNull(entry.note(2).redeliveredAt());
        assertEquals("Brighter Glow", entry.deliveredCopy().get("2").path("headline").asText());
        assertTrue(idempotency.isDone(StatlasDelivery.EFFECT, "asset2:r2"));

        // the same revision is not delivered twice
        deliverOne();
        assertEquals(2, statlas.getReceivedCounter());
    }

    @Test
    void aRevisedAdWhoseCopyIsUnchangedIsNotPatched() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        advise();
        deliverOne();
        MockEndpoint statlas = getMockEndpoint("mock:statlas-post");
        statlas.reset();

        registry.markRevision(BATCH, 2, "Brighter, please", null);
        folders.get("f2").clear();
        fill(2, "r2", "Glow 2");
        settled();
        deliverOne();

        assertEquals(1, statlas.getReceivedCounter());
        assertEquals("/batches/B1/deliver", statlas.getReceivedExchanges().get(0).getIn().getHeader(Exchange.HTTP_PATH));
    }

    @Test
    void aRefusedDeliveryIsDeadLetteredAndPausesTheBatchUntilReplayed() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        advise();
        getMockEndpoint("mock:statlas-post").whenAnyExchangeReceived(e -> {
            throw new ApiCallException("statlas", new ApiError(422, "ASSET_ACCESS_DENIED", "share the folder", "{}"), false, null);
        });

        Exchange done = deliverOne();

        String letter = done.getProperty(Flow.DEAD_LETTER_ID, String.class);
        assertNotNull(letter);
        assertTrue(Files.exists(data.resolve("dead-letter/statlas/" + letter + ".json")));
        JsonNode replay = Json.MAPPER.readTree(data.resolve("dead-letter/statlas/" + letter + ".json").toFile()).path("replay");
        assertEquals("direct:statlas-redeliver-batch", replay.path("endpoint").asText());
        assertEquals(BATCH, replay.path("headers").path(StatlasHeaders.BATCH_ID).asText());
        assertEquals(1, getMockEndpoint("mock:statlas-post").getReceivedCounter(), "refused for good: no complete after it");
        assertEquals("dead letter " + letter, registry.find(BATCH).orElseThrow().paused());

        // the poll leaves it alone now
        template.send("direct:poll", e -> { });
        assertEquals(1, getMockEndpoint("mock:statlas-post").getReceivedCounter());

        // replayed (the folder shared now): polled again; the deliver was sent before, so Statlas is asked first: it
        // did not take it, so it is delivered and completed
        getMockEndpoint("mock:statlas-post").whenAnyExchangeReceived(e -> e.getIn().setBody("{\"success\": true}"));
        getMockEndpoint("mock:statlas-get").whenAnyExchangeReceived(e -> e.getIn().setBody("{\"id\": \"B1\", \"status\": \"in_production\"}"));
        template.send("direct:statlas-redeliver-batch", e -> e.getIn().getHeaders().putAll(Map.of(StatlasHeaders.BATCH_ID, BATCH,
                SentEffects.EFFECT, "statlas-deliver B1", StatlasHeaders.AD_NO, "7")));
        assertNull(registry.find(BATCH).orElseThrow().paused());
        assertEquals(3, getMockEndpoint("mock:statlas-post").getReceivedCounter());
        assertNull(getMockEndpoint("mock:statlas-post").getReceivedExchanges().get(1).getIn().getHeader(StatlasHeaders.AD_NO),
                "a replay starts as a poll does: no header of the failed call");
        assertEquals(1, getMockEndpoint("mock:statlas-get").getReceivedCounter());
        assertNotNull(registry.find(BATCH).orElseThrow().deliveredAt());
    }

    @Test
    void aDeliveryStartedBeforeAStopIsAskedAboutFirst() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        // the last run sent deliver and stopped before its answer: Statlas has the batch in review
        registry.update(BATCH, e -> e.withDeliveryStarted("2026-01-01T00:00:00Z"));
        advise();
        getMockEndpoint("mock:statlas-get").whenAnyExchangeReceived(e -> e.getIn().setBody(
                "{\"id\": \"B1\", \"status\": \"in_review\", \"completed_at\": null}"));

        deliverOne();

        MockEndpoint get = getMockEndpoint("mock:statlas-get");
        assertEquals(1, get.getReceivedCounter());
        assertEquals("/batches/B1", get.getReceivedExchanges().get(0).getIn().getHeader(Exchange.HTTP_PATH));
        assertEquals("shop=shop1", get.getReceivedExchanges().get(0).getIn().getHeader(Exchange.HTTP_QUERY));
        MockEndpoint statlas = getMockEndpoint("mock:statlas-post");
        assertEquals(1, statlas.getReceivedCounter(), "taken already: only the complete is sent");
        assertEquals("/batches/B1/complete", statlas.getReceivedExchanges().get(0).getIn().getHeader(Exchange.HTTP_PATH));
        assertTrue(idempotency.isDone(StatlasDelivery.EFFECT, "asset1:r1"), "what Statlas took is recorded as delivered");
        assertNotNull(registry.find(BATCH).orElseThrow().deliveredAt());
    }

    @Test
    void thePollLooksAtOpenBatchesOnlyAndOneDeliveryOfABatchAtATime() throws Exception {
        registerBatch();
        fill(1, "r1", "Unwrap 1");
        fill(2, "r1", "Glow 2");
        settled();
        // B0 is done with: Statlas completed it, no revision asked for
        ObjectNode done = Json.MAPPER.createObjectNode().put("id", "B0").put("shop", "shop1").put("status", "completed");
        done.putArray("ads").add(Json.MAPPER.createObjectNode().put("ad_no", 1).put("ad_type", "video").put("ad_code", "B0-01"));
        registry.record(done);
        registry.update("B0", e -> e.withDrive(new StatlasBatchEntry.DriveLayout("b0", Map.of("1", new StatlasBatchEntry.AdFolder("f0", "u")))));
        advise();
        CountDownLatch answer = new CountDownLatch(1);
        MockEndpoint statlas = getMockEndpoint("mock:statlas-post");
        statlas.whenExchangeReceived(1, e -> {
            // Statlas takes its time over the deliver
            assertTrue(answer.await(10, TimeUnit.SECONDS));
            e.getIn().setBody("{\"success\": true}");
        });

        Future<Exchange> poll = template.asyncSend("direct:poll", e -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> statlas.getReceivedCounter() == 1);
        // meanwhile a replayed dead letter looks at the same batch: it waits for the poll's delivery to end
        Future<Exchange> replay = template.asyncSend("direct:statlas-deliver-one", e -> e.getIn().setHeader(StatlasHeaders.BATCH_ID, BATCH));
        MockEndpoint drive = getMockEndpoint("mock:drive-list");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> drive.getReceivedCounter() == 2);
        answer.countDown();
        assertNull(poll.get(10, TimeUnit.SECONDS).getException());
        assertNull(replay.get(10, TimeUnit.SECONDS).getException());

        assertEquals(4, drive.getReceivedCounter(), "the replay looked once the poll was done");
        assertTrue(drive.getReceivedExchanges().stream().noneMatch(x -> x.getIn().getHeader("CamelGoogleDrive.q", String.class)
                .contains("'f0'")), "a completed batch is not polled");
        assertEquals(2, statlas.getReceivedCounter(), "and found it delivered: deliver and complete once");
    }

    // --- the batch and its Drive folders ------------------------------------------------------------

    /** B1: ad 1 a video, ad 2 a still; its folders f1, f2 prepared. */
    void registerBatch() {
        ObjectNode batch = Json.MAPPER.createObjectNode().put("id", BATCH).put("shop", "shop1").put("status", "in_production")
                .put("batch_code", "BC");
        batch.putArray("ads").add(Json.MAPPER.createObjectNode().put("ad_no", 1).put("ad_type", "video").put("ad_code", "BC-01"))
                .add(Json.MAPPER.createObjectNode().put("ad_no", 2).put("ad_type", "static").put("ad_code", "BC-02"));
        registry.record(batch);
        registry.update(BATCH, e -> e.withDrive(new StatlasBatchEntry.DriveLayout("bf", Map.of(
                "1", new StatlasBatchEntry.AdFolder("f1", "https://drive/f1"), "2", new StatlasBatchEntry.AdFolder("f2", "https://drive/f2")))));
        folders.put("f1", new ArrayList<>());
        folders.put("f2", new ArrayList<>());
    }

    /** An asset of the ad's kind and its copy.json, at one revision. */
    void fill(int adNo, String revision, String headline) {
        File asset = new File().setId("asset" + adNo).setName("asset" + adNo + (adNo == 1 ? ".mp4" : ".png"))
                .setMimeType(adNo == 1 ? "video/mp4" : "image/png").setSize(1000L).setHeadRevisionId(revision)
                .setWebViewLink("https://drive/file/asset" + adNo);
        if (adNo == 1) {
            asset.setVideoMediaMetadata(new File.VideoMediaMetadata().setWidth(1080).setHeight(1920));
        } else {
            asset.setImageMediaMetadata(new File.ImageMediaMetadata().setWidth(1200).setHeight(628));
        }
        File copy = new File().setId("copy" + adNo).setName("copy.json").setMimeType("application/json").setSize(60L)
                .setHeadRevisionId(revision).setWebViewLink("https://drive/file/copy" + adNo);
        folders.get("f" + adNo).add(asset);
        folders.get("f" + adNo).add(copy);
        contents.put("copy" + adNo, "{\"headline\": \"" + headline + "\", \"description\": \"d\"}");
    }

    /** The last poll saw the folders as they are: nothing is still being written. */
    void settled() {
        Map<String, String> snapshot = new LinkedHashMap<>();
        folders.values().forEach(files -> files.forEach(f -> snapshot.put(f.getId(), f.getSize() + ":" + f.getHeadRevisionId())));
        registry.update(BATCH, e -> e.withDriveSnapshot(snapshot, null));
    }

    Exchange deliverOne() {
        return template.send("direct:statlas-deliver-one", e -> e.getIn().setHeader(StatlasHeaders.BATCH_ID, BATCH));
    }
}
