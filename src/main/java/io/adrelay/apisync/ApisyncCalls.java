package io.adrelay.apisync;

import java.net.URI;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;

/**
 * The shape of the calls a record's sync makes to APISync, set on the exchange for the route's next step
 * ({@code to: direct:apisync-egress-read} or {@code -write}, routes/apisync-egress.camel.yaml).
 */
final class ApisyncCalls {

    /** The check of a POST whose answer was lost (routes/apisync-egress.camel.yaml). */
    static final String FIND_BY_REFERENCE = "direct:apisync-find-by-reference";

    private ApisyncCalls() {
    }

    /** GET a path, or a links.next URL: its path and query (the host is always the configured base URL). */
    static void get(Exchange exchange, String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.replace("[", "%5B").replace("]", "%5D"));
        EgressCall.get(exchange, uri.getRawPath(), uri.getRawQuery());
    }

    /**
     * A write, the JSON:API document as the body. A POST names its effect: should its answer be lost, the record is
     * looked for by reference_id before it is sent again. An update names none (sending it twice changes nothing).
     */
    static void write(Exchange exchange, String method, String path, ObjectNode document) {
        EgressCall.request(exchange, method, path, null, document.toString());
        if ("POST".equals(method)) {
            exchange.getIn().setHeader(SentEffects.EFFECT, "apisync POST " + path + " "
                    + document.path("data").path("attributes").path("reference_id").asText("(no reference_id)"));
            exchange.getIn().setHeader(SentEffects.CHECK, FIND_BY_REFERENCE);
        }
    }
}
