package io.adrelay.apisync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What became of a request (outbox/apisync/results/&lt;tracking-id&gt;.json, and the answer to
 * GET /webhooks/apisync/requests/{trackingId}): done with each record's outcome, failed with the
 * reason it could not be read, or pending with the progress so far.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record ApisyncResult(@JsonProperty("tracking_id") String trackingId, String resource, String status,
                     @JsonProperty("finished_at") String finishedAt, List<ApisyncOutcome> records, String reason,
                     @JsonProperty("stored_request") String storedRequest,
                     @JsonProperty("records_done") Integer recordsDone, @JsonProperty("records_total") Integer recordsTotal) {

    static final String PENDING = "pending";

    static ApisyncResult done(String trackingId, String resource, String finishedAt, List<ApisyncOutcome> records) {
        return new ApisyncResult(trackingId, resource, "done", finishedAt, records, null, null, null, null);
    }

    static ApisyncResult failed(String trackingId, String finishedAt, String reason, String storedRequest) {
        return new ApisyncResult(trackingId, null, "failed", finishedAt, null, reason, storedRequest, null, null);
    }

    static ApisyncResult pending(String trackingId) {
        return new ApisyncResult(trackingId, null, PENDING, null, null, null, null, null, null);
    }

    boolean isPending() {
        return PENDING.equals(status);
    }

    /** This pending request with how many of its records are synced so far. */
    ApisyncResult withProgress(int done, int total) {
        return new ApisyncResult(trackingId, resource, status, finishedAt, records, reason, storedRequest, done, total);
    }

    /** These results with one record's outcome replaced (a replayed dead letter's). */
    ApisyncResult withOutcome(ApisyncOutcome outcome) {
        List<ApisyncOutcome> replaced = records == null ? null
                : records.stream().map(o -> o.index() == outcome.index() ? outcome : o).toList();
        return new ApisyncResult(trackingId, resource, status, finishedAt, replaced, reason, storedRequest, recordsDone, recordsTotal);
    }
}
