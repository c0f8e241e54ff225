package io.adrelay.common.egress;

import io.adrelay.common.RunNotes;
import org.apache.camel.Exchange;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.DiskSpace;

/** The logic of the egress template's steps (bean "egressSteps"): each step a method the route calls by name. */
public class EgressSteps {

    private final DiskSpace disk;

    public EgressSteps(DiskSpace disk) {
        this.disk = disk;
    }

    /** No call while its outcome could not be recorded; a job run held at the throttle says for which budget. */
    public void admit(String budget) {
        disk.requireRoomToRecord();
        RunNotes.current().ifPresent(run -> run.waitingForBudget(budget));
    }

    /** The throttle let the call through; the disk may have filled while it waited there. */
    public void granted() {
        RunNotes.current().ifPresent(RunNotes::budgetGranted);
        disk.requireRoomToRecord();
    }

    /** The call as a dead letter names it: method, URL, query (masked when written). */
    public void describe(Exchange e, String baseUrl) {
        Object query = e.getIn().getHeader(Exchange.HTTP_QUERY);
        e.setProperty(Flow.REQUEST, e.getIn().getHeader(Exchange.HTTP_METHOD, "GET", String.class) + " " + baseUrl
                + e.getIn().getHeader(Exchange.HTTP_PATH, "", String.class) + (query == null ? "" : "?" + query));
    }

    /** The credentials step of an API whose credentials are configured as they are (all but Snap's OAuth): nothing to do. */
    public void credentialsAsConfigured() {
        // the auth bean sets them
    }
}
