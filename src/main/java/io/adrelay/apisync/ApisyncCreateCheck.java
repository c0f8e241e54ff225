package io.adrelay.apisync;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;

/**
 * Looks at APISync for the record of a POST whose answer was lost (bean apisyncCreateCheck; the route is in
 * routes/apisync-egress.camel.yaml): by its reference_id, page by page through the resource's list. A POST
 * with a reference_id is an upsert, so sending it again is harmless; what the check adds is the truth of the
 * report (created, not updated). A record sent without reference_id cannot be told apart from any other, and
 * is not sent again.
 */
public class ApisyncCreateCheck {

    /** Exchange properties: the reference looked for, and the next page (null: done). */
    static final String REFERENCE = "AdrelayApisyncReference";
    static final String NEXT_PAGE = "AdrelayApisyncNextPage";
    static final String FOUND = "AdrelayApisyncFound";
    /**
     * APISync's clock and ours may differ a little. Kept small: a record made by another POST of the same reference
     * just before ours must not pass for ours (ours is then sent again, which is harmless; too small a margin only
     * reports a create as an update).
     */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

    public void begin(Exchange e) {
        JsonNode sent = EgressCall.json(e.getIn().getBody(String.class));
        String reference = sent.path("data").path("attributes").path("reference_id").asText("");
        e.setProperty(REFERENCE, reference);
        e.removeProperty(FOUND);
        e.setProperty(NEXT_PAGE, reference.isEmpty() ? null : e.getIn().getHeader(Exchange.HTTP_PATH, String.class));
    }

    /** GET the next page: a links.next URL's path and query (the host is always the configured base URL). */
    public void nextPage(Exchange e) {
        URI next = URI.create(e.getProperty(NEXT_PAGE, String.class).replace("[", "%5B").replace("]", "%5D"));
        EgressCall.get(e, next.getRawPath(), next.getRawQuery());
    }

    public void collect(Exchange e) {
        JsonNode page = EgressCall.json(e);
        String reference = e.getProperty(REFERENCE, String.class);
        for (JsonNode record : page.path("data")) {
            if (reference.equals(record.path("attributes").path("reference_id").asText(null))) {
                e.setProperty(FOUND, record);
            }
        }
        e.setProperty(NEXT_PAGE, e.getProperty(FOUND) != null ? null : page.path("links").path("next").asText(null));
    }

    /**
     * Made since the send (by APISync's created_at, clocks allowed to differ a little): the POST created it. There
     * before: whether the POST's changes took cannot be told, and sending it again is harmless (an upsert).
     */
    public void answer(Exchange e) {
        JsonNode found = e.getProperty(FOUND, JsonNode.class);
        if (e.getProperty(REFERENCE, "", String.class).isEmpty()) {
            e.setProperty(SentEffects.FOUND, "unknown");
            return;
        }
        String created = found == null ? "" : found.path("attributes").path("created_at").asText("");
        Instant since = e.getProperty(SentEffects.SENT_AT, Instant.class).minus(CLOCK_SKEW);
        boolean made = !created.isEmpty() && !Instant.parse(created).isBefore(since);
        e.setProperty(SentEffects.FOUND, made ? "yes" : "no");
        if (made) {
            e.setProperty(SentEffects.FOUND_STATUS, 201);
            e.getIn().setBody(Json.MAPPER.createObjectNode().set("data", found).toString());
        }
    }
}
