package io.adrelay.common.storage.intake;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API's requests stored before they are acknowledged (the 202 promises this store has them) and not yet
 * processed; processed ones are retired as done, unreadable ones set aside for an operator. Ids begin with their
 * arrival time (common/intake/TrackingIds), so they sort oldest first.
 */
public interface IntakeStore {

    /** Stores a request durably before it returns; the same id again replaces it. */
    void add(String id, byte[] request);

    /** The request as stored; an IOException when it is not pending (any more). */
    byte[] read(String id) throws IOException;

    /** Stored and neither done nor set aside. */
    boolean isPending(String id);

    /** Retired as done (its id is never taken again). */
    boolean isDone(String id);

    /** The pending ids, oldest first. */
    List<String> pendingIds();

    /** How many are pending (for the bound on the queue, adrelay.intake.max-pending). */
    int pendingCount();

    /**
     * Takes at most {@code max} pending requests to process, oldest first, and holds them for {@code lease}: no other
     * node's claim gets them until they are done, set aside, released, or the lease has passed (their node died: a
     * living node's claims are renewed while it lives). The ones this store holds already come again. With one process
     * there is no other node, and the lease has no effect.
     */
    List<String> claim(int max, Duration lease);

    /**
     * Claims as {@link #claim} does, each request with its bytes as stored, oldest first; one retired since the claim
     * (by a node whose lease had passed) is left out. A store that can does it in one round trip, not one read each.
     */
    default Map<String, byte[]> claimRequests(int max, Duration lease) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (String id : claim(max, lease)) {
            try {
                requests.put(id, read(id));
            } catch (IOException retired) {
                // done or set aside since the claim: nothing left to do
            }
        }
        return requests;
    }

    /** Gives a claimed request back: pending, and any node's next claim may take it. */
    void release(String id);

    /** Processed: kept for the record, pending no more. */
    void done(String id);

    /** Each one {@link #done}, durably before it returns; a store that can does it in one write, not one each. */
    default void doneAll(Collection<String> ids) {
        ids.forEach(this::done);
    }

    /** Cannot be processed as it is: kept where an operator finds it ({@link #setAsideLocation}), pending no more. */
    void setAside(String id);

    /** Where a set-aside request is, for the operator (a path, a table and key). */
    String setAsideLocation(String id);

    /**
     * Forgets the requests retired as done before this instant (a file store forgets by whole UTC days: those of the
     * days before its day): the record of what was done would otherwise grow for as long as requests come. Pending and
     * set-aside requests are kept whatever their age.
     */
    void forgetDoneBefore(Instant before);
}
