package io.adrelay.apisync;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.StorageException;

/**
 * Which stored records are synced next. Requests take turns: a round takes the next record of
 * every pending request, oldest request first, then the next of each again, so one big request
 * cannot hold back small ones sent after it, and a lone big request still fills its rounds. A request whose parents may still be in an older pending request (ad sets behind
 * campaigns, ads behind ad sets) waits until that request is done, as it would in arrival order.
 * Each record's outcome is saved before the next record of its request is taken, so a restart
 * resumes where it stopped.
 * <p>
 * The requests of a round are claimed from the intake store first (the oldest ones, as many as a round has records,
 * held for a lease the store renews while this node lives): in the cluster profile each node drains the requests it
 * claimed, and a node's requests go to another once its lease has passed (it died). The order of parents before children holds
 * among the requests one node holds.
 */
final class ApisyncDrain {

    private static final Logger LOG = LoggerFactory.getLogger(ApisyncDrain.class);
    /** Parsed requests kept in memory; the others are read again when their turn comes. */
    private static final int LOADED = 16;

    /** One record to sync: which request, which record, and the record itself. */
    record WorkItem(String trackingId, String resource, int index, String record) {
    }

    /** What is known of a pending request once it has been read. */
    private static final class Pending {
        ApisyncResource resource;
        int size;
        List<ApisyncOutcome> outcomes;
        /** Outcomes known here but not yet saved (the disk refused): saved before anything else is sent. */
        boolean unsaved;
    }

    /** How long a claim holds a request when no lease is given (tests). */
    static final Duration LEASE = Duration.ofMinutes(1);

    private final ApisyncRequests requests;
    private final DiskSpace disk;
    private final Duration lease;
    private final TreeMap<String, Pending> pending = new TreeMap<>();
    private final Map<String, List<JsonNode>> loaded = new LinkedHashMap<>(LOADED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<JsonNode>> eldest) {
            return size() > LOADED;
        }
    };

    ApisyncDrain(ApisyncRequests requests, DiskSpace disk) {
        this(requests, disk, LEASE);
    }

    ApisyncDrain(ApisyncRequests requests, DiskSpace disk, Duration lease) {
        this.requests = requests;
        this.disk = disk;
        this.lease = lease;
        int waiting = requests.pending().pendingCount();
        if (waiting > 0) {
            LOG.info("APISync: {} stored request(s) to sync", waiting);
        }
    }

    /** A newly stored request joins the turns. */
    synchronized void add(String trackingId) {
        pending.putIfAbsent(trackingId, null);
    }

    /**
     * The records to sync next, at most {@code max}: the next record of every request whose turn it
     * is, oldest request first, then the one after that of each, and so on until the round is full.
     */
    synchronized List<WorkItem> nextRound(int max) {
        List<WorkItem> round = new ArrayList<>();
        if (!saveUnsaved() || disk.isLow()) {
            // an outcome could not be saved: wait for space rather than call APISync for nothing
            return round;
        }
        claimTurns(max);
        List<String> eligible = eligible();
        Map<String, Integer> taken = new HashMap<>();
        boolean more = true;
        while (round.size() < max && more) {
            more = false;
            for (String id : eligible) {
                Pending request = pending.get(id);
                int index = request.outcomes.size() + taken.getOrDefault(id, 0);
                if (round.size() < max && index < request.size) {
                    round.add(new WorkItem(id, request.resource.path, index, records(id).get(index).toString()));
                    taken.merge(id, 1, Integer::sum);
                    more = true;
                }
            }
        }
        return round;
    }

    /**
     * The requests whose turns this round takes: claimed (at most one per record of the round), the ones held already
     * renewed. One this node no longer holds (taken over by another node while this one stalled) is left to that node.
     */
    private void claimTurns(int max) {
        Set<String> claimed = new HashSet<>(requests.pending().claim(max, lease));
        for (String id : new ArrayList<>(pending.keySet())) {
            if (!claimed.contains(id)) {
                pending.remove(id);
                loaded.remove(id);
            }
        }
        claimed.forEach(id -> pending.putIfAbsent(id, null));
    }

    /** Pending requests that may go now: not waiting for an older request of their parents' resources. */
    private List<String> eligible() {
        List<String> eligible = new ArrayList<>();
        Set<ApisyncResource> older = EnumSet.noneOf(ApisyncResource.class);
        for (String id : new ArrayList<>(pending.keySet())) {
            Pending request = load(id);
            if (request == null) {
                continue;
            }
            if (request.resource.ancestors().stream().noneMatch(older::contains)) {
                eligible.add(id);
            }
            older.add(request.resource);
        }
        return eligible;
    }

    /** Puts a work item on the exchange: the record as body, which request and index as headers. */
    void prepare(Exchange exchange) {
        WorkItem item = exchange.getIn().getBody(WorkItem.class);
        exchange.getIn().setHeader(ApisyncNames.TRACKING_ID, item.trackingId());
        exchange.getIn().setHeader(ApisyncNames.RESOURCE, item.resource());
        exchange.getIn().setHeader(ApisyncNames.INDEX, item.index());
        exchange.getIn().setBody(item.record());
    }

    /** An outcome that could not be saved: its record stays queued for a later round, once there is space. */
    void waitForSpace(Exchange exchange) {
        StorageException.logWait(LOG, "APISync sync", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /**
     * A record's outcome: saved into its request's progress (a replay replaces the earlier one);
     * the request is finished once every record has one. A finished request's results are updated.
     */
    synchronized void recorded(String trackingId, int index, ApisyncOutcome outcome) throws IOException {
        Pending request = pending.containsKey(trackingId) ? load(trackingId) : null;
        if (request == null) {
            requests.updateResult(trackingId, outcome);
            return;
        }
        List<ApisyncOutcome> outcomes = new ArrayList<>(request.outcomes);
        if (index < outcomes.size()) {
            outcomes.set(index, outcome);
        } else if (index == outcomes.size()) {
            outcomes.add(outcome);
        } else {
            return;
        }
        // kept before it is saved: APISync has the record, so a failed save must not send it again
        request.outcomes = outcomes;
        request.unsaved = true;
        save(trackingId, request);
    }

    /** Saves a request's outcomes: its progress, or once every record has one, its results. */
    private void save(String trackingId, Pending request) throws IOException {
        if (request.outcomes.size() == request.size) {
            requests.finish(trackingId, request.resource.path, request.outcomes);
            pending.remove(trackingId);
            loaded.remove(trackingId);
            LOG.info("APISync request {} done: {} record(s) of {}", trackingId, request.outcomes.size(), request.resource.path);
        } else {
            requests.saveProgress(trackingId, request.outcomes);
        }
        request.unsaved = false;
    }

    /** Saves the outcomes the disk refused earlier; false while it still refuses (nothing more is sent until then). */
    private boolean saveUnsaved() {
        for (Map.Entry<String, Pending> entry : new ArrayList<>(pending.entrySet())) {
            Pending request = entry.getValue();
            if (request == null || !request.unsaved) {
                continue;
            }
            try {
                save(entry.getKey(), request);
                LOG.info("APISync request {}: the outcomes of {} record(s) saved once there was space", entry.getKey(), request.outcomes.size());
            } catch (StorageException | IOException full) {
                StorageException.logWait(LOG, "APISync request " + entry.getKey() + "'s outcomes", full);
                return false;
            }
        }
        return true;
    }

    /** Records synced so far and in all, for a pending request that has been read; null otherwise. */
    synchronized int[] progressOf(String trackingId) {
        Pending request = pending.get(trackingId);
        return request == null || request.outcomes == null ? null : new int[] {request.outcomes.size(), request.size};
    }

    private Pending load(String id) {
        Pending request = pending.get(id);
        if (request != null) {
            return request;
        }
        try {
            ApisyncStoredRequest stored = requests.read(id);
            request = new Pending();
            request.resource = ApisyncResource.byType(stored.resource());
            List<JsonNode> records = stored.recordList();
            if (records.isEmpty()) {
                throw new IllegalArgumentException("it holds no record");
            }
            request.size = records.size();
            request.outcomes = requests.progress(id);
            loaded.put(id, records);
            pending.put(id, request);
            return request;
        } catch (StorageException e) {
            throw e;
        } catch (IOException | RuntimeException unreadable) {
            // stored by us after validation, so only damage gets here: set it aside, never retry it
            String reason = "the stored request cannot be read: " + unreadable.getMessage();
            LOG.error("APISync request {}: {}; set aside in {}", id, reason, requests.pending().setAsideLocation(id));
            try {
                requests.fail(id, reason);
                pending.remove(id);
            } catch (IOException e) {
                throw new StorageException("Cannot set aside request " + id, e);
            }
            return null;
        }
    }

    private List<JsonNode> records(String id) {
        List<JsonNode> records = loaded.get(id);
        if (records == null) {
            try {
                records = requests.read(id).recordList();
            } catch (IOException e) {
                throw new StorageException("Cannot read request " + id, e);
            }
            loaded.put(id, records);
        }
        return records;
    }
}
