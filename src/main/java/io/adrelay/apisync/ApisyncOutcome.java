package io.adrelay.apisync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What became of one record of a request, as saved in its progress and its results: created or
 * updated with its APISync id, or failed with the errors and the dead letter to replay once fixed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record ApisyncOutcome(int index, @JsonProperty("reference_id") String referenceId, String id, String outcome,
                      List<String> errors, @JsonProperty("dead_letter") String deadLetter) {

    static final String FAILED = "failed";

    static ApisyncOutcome synced(int index, String referenceId, String id, boolean created) {
        return new ApisyncOutcome(index, referenceId, id, created ? "created" : "updated", null, null);
    }

    static ApisyncOutcome failed(int index, String error, String deadLetter) {
        return new ApisyncOutcome(index, null, null, FAILED, List.of(error), deadLetter);
    }

    boolean isFailed() {
        return FAILED.equals(outcome);
    }
}
