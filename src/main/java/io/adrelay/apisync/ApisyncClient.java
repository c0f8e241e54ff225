package io.adrelay.apisync;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.EgressCall;
import io.adrelay.common.EgressResponse;
import io.adrelay.common.SentEffects;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Calls APISync through its egress routes (throttle, auth, error mapping) and reads the JSON:API answers. */
final class ApisyncClient {

    /** The check of a POST whose answer was lost (routes/apisync-egress.camel.yaml). */
    static final String FIND_BY_REFERENCE = "direct:apisync-find-by-reference";

    private final ProducerTemplate template;

    ApisyncClient(ProducerTemplate template) {
        this.template = template;
    }

    /** GET a path, or a links.next URL (its path and query are used: the host is always our base URL). */
    JsonNode get(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.replace("[", "%5B").replace("]", "%5D"));
        return call("direct:apisync-egress-read", "GET", uri.getRawPath(), uri.getRawQuery(), null);
    }

    /** An answer and its status (201 created, 200 updated). */
    record Answer(int status, JsonNode body) {
    }

    /** A POST names its effect: should its answer be lost, the record is looked for by reference before it is sent again. */
    Answer write(String method, String path, ObjectNode document) {
        Map<String, Object> headers = "POST".equals(method) ? Map.of(SentEffects.EFFECT, "apisync POST " + path + " "
                + document.path("data").path("attributes").path("reference_id").asText("(no reference_id)"), SentEffects.CHECK,
                FIND_BY_REFERENCE) : Map.of();
        Exchange result = EgressCall.send(template, "direct:apisync-egress-write", method, path, null, document.toString(), headers);
        return new Answer(result.getProperty(EgressResponse.STATUS, 0, Integer.class), EgressCall.json(result));
    }

    /** The record whose reference_id matches, by paging through the list; null when none. */
    JsonNode findByReference(String resourcePath, String referenceId) {
        String next = "/" + resourcePath;
        while (next != null) {
            JsonNode page = get(next);
            for (JsonNode record : page.path("data")) {
                if (referenceId.equals(record.path("attributes").path("reference_id").asText(null))) {
                    return record;
                }
            }
            next = page.path("links").path("next").asText(null);
        }
        return null;
    }

    private JsonNode call(String egress, String method, String path, String query, String body) {
        return EgressCall.json(EgressCall.send(template, egress, method, path, query, body));
    }
}
