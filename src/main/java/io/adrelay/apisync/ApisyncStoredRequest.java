package io.adrelay.apisync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A request as stored before it is acknowledged (a record of the intake store apisync/requests): its validated records, in snake_case. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApisyncStoredRequest(@JsonProperty("tracking_id") String trackingId, String resource, String source,
                            @JsonProperty("received_at") String receivedAt, List<JsonNode> records) {

    /** The records; none when the file lacks them (only damage does that). */
    List<JsonNode> recordList() {
        return records == null ? List.of() : records;
    }
}
