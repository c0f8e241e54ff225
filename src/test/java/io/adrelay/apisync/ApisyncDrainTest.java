package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.StorageException;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.documents.FileDocumentStore;

/** Stored requests take turns, parents before children, and a restart resumes where it stopped. */
class ApisyncDrainTest {

    @TempDir
    Path data;

    private final List<String> synced = new ArrayList<>();

    /** The requests as the embedded default keeps them, in the data dir. */
    private ApisyncRequests requests() {
        return new ApisyncRequests(new FileIntakeStore(data.resolve("state/apisync/requests")),
                new FileDocumentStore(data.resolve("state")), new DataDirectory(data));
    }

    @Test
    void aSmallRequestIsNotHeldBackByABigOneSentBefore() throws Exception {
        ApisyncRequests requests = requests();
        ApisyncDrain drain = drain(requests);
        String big = requests.accept(ApisyncResource.INVENTORY_ITEMS, records("big", 300), "webhook");
        drain.add(big);
        runRounds(drain, 3);
        assertEquals(30, synced.size(), "alone, the big one fills its rounds");
        String small = requests.accept(ApisyncResource.INVENTORY_ITEMS, records("small", 1), "webhook");
        drain.add(small);
        runRounds(drain, 1);
        assertEquals(List.of("big-30", "small-0", "big-31"), synced.subList(30, 33), "one turn each, then the big one again");
        assertEquals(40, synced.size());
        assertEquals("done", result(requests, small).path("status").asText());
        assertEquals("pending", result(requests, big).path("status").asText());
    }

    @Test
    void childrenWaitForTheirParentsQueuedBefore() throws Exception {
        ApisyncRequests requests = requests();
        ApisyncDrain drain = drain(requests);
        drain.add(requests.accept(ApisyncResource.CAMPAIGNS, records("campaign", 3), "webhook"));
        drain.add(requests.accept(ApisyncResource.ADS, records("ad", 1), "webhook"));
        drain.add(requests.accept(ApisyncResource.AD_SETS, records("set", 1), "webhook"));
        drain.add(requests.accept(ApisyncResource.INVENTORY_ITEMS, records("item", 1), "webhook"));
        runRounds(drain, 5);
        // the ads wait for the campaigns queued before them (their grandparents), not for the ad sets queued after
        assertEquals(List.of("campaign-0", "item-0", "campaign-1", "campaign-2", "ad-0", "set-0"), synced);
    }

    @Test
    void aRestartResumesAfterTheLastSavedOutcome() throws Exception {
        ApisyncRequests requests = requests();
        ApisyncDrain first = drain(requests);
        String id = requests.accept(ApisyncResource.INVENTORY_ITEMS, records("r", 4), "webhook");
        first.add(id);
        runRounds(first, 2);

        ApisyncDrain afterRestart = drain(requests());
        runRounds(afterRestart, 5);
        assertEquals(List.of("r-0", "r-1", "r-2", "r-3"), synced, "nothing twice, nothing skipped");
        JsonNode result = result(requests, id);
        assertEquals(4, result.path("records").size());
        assertTrue(new FileIntakeStore(data.resolve("state/apisync/requests")).isDone(id), "retired as done");
        assertFalse(Files.exists(data.resolve("state/apisync/progress/" + id + ".json")));
    }

    @Test
    void anUnreadableStoredRequestIsSetAsideWithItsReason() throws Exception {
        ApisyncRequests requests = requests();
        Files.createDirectories(data.resolve("state/apisync/requests"));
        Files.writeString(data.resolve("state/apisync/requests").resolve("01a00000-0000-7000-8000-000000000000.json"), "{\"resource\": \"inventory-items\", \"rec");
        ApisyncDrain drain = drain(requests);
        assertEquals(List.of(), drain.nextRound(10));
        JsonNode outcome = result(requests, "01a00000-0000-7000-8000-000000000000");
        assertEquals("failed", outcome.path("status").asText());
        assertTrue(outcome.path("reason").asText().contains("cannot be read"));
        assertTrue(Files.exists(data.resolve("state/apisync/requests").resolve(".error/01a00000-0000-7000-8000-000000000000.json")));
    }

    @Test
    void aRecordWhoseOutcomeCouldNotBeSavedIsNotSentAgain() throws Exception {
        ApisyncRequests requests = requests();
        ApisyncDrain drain = drain(requests);
        String id = requests.accept(ApisyncResource.INVENTORY_ITEMS, records("r", 3), "webhook");
        drain.add(id);
        // the progress folder cannot be made: every save of an outcome fails, as on a full disk
        Path blocker = Files.createDirectories(data.resolve("state/apisync")).resolve("progress");
        Files.writeString(blocker, "in the way");
        syncOneAtATime(drain, 3);
        assertEquals(List.of("r-0"), synced, "sent once; while its outcome cannot be saved, nothing more is sent");
        Files.delete(blocker);
        syncOneAtATime(drain, 5);
        assertEquals(List.of("r-0", "r-1", "r-2"), synced, "nothing twice, nothing skipped");
        JsonNode result = result(requests, id);
        assertEquals("done", result.path("status").asText());
        assertEquals("id-0", result.path("records").get(0).path("id").asText(), "the outcome kept in memory was saved");
    }

    /** Rounds of one record, as the drain route runs them: an outcome the disk refuses leaves the round (StorageException caught). */
    private void syncOneAtATime(ApisyncDrain drain, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            for (ApisyncDrain.WorkItem item : drain.nextRound(1)) {
                String reference = Json.MAPPER.readTree(item.record()).path("reference_id").asText();
                synced.add(reference);
                try {
                    drain.recorded(item.trackingId(), item.index(), ApisyncOutcome.synced(item.index(), reference, "id-" + item.index(), true));
                } catch (StorageException full) {
                    // the route's doCatch: the record waits for space
                }
            }
        }
    }

    private ApisyncDrain drain(ApisyncRequests requests) {
        return new ApisyncDrain(requests, new DiskSpace(data, 0));
    }

    /** What the drain route does: each item of a round is synced (here: noted), then its outcome recorded. */
    private void runRounds(ApisyncDrain drain, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            for (ApisyncDrain.WorkItem item : drain.nextRound(10)) {
                JsonNode record = Json.MAPPER.readTree(item.record());
                synced.add(record.path("reference_id").asText());
                drain.recorded(item.trackingId(), item.index(),
                        ApisyncOutcome.synced(item.index(), record.path("reference_id").asText(), "id-" + item.index(), true));
            }
        }
    }

    private static List<JsonNode> records(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> (JsonNode) Json.MAPPER.createObjectNode().put("reference_id", prefix + "-" + i))
                .toList();
    }

    /** A request's outcome as written and answered. */
    private static JsonNode result(ApisyncRequests requests, String id) {
        return Json.MAPPER.valueToTree(requests.outcome(id).orElseThrow());
    }
}
