package io.adrelay.snap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;

/**
 * Looks at Snap for the objects of a create whose answer was lost (bean snapCreateCheck; the routes are in
 * routes/snap-egress.camel.yaml). Snap documents no idempotency key, but names are unique under a parent as
 * adrelay declares them, and a feed upload is of one URL at one time: the parent's list, page by page, shows
 * what Snap made. The answer is the one Snap would have given, item by item, so the flow reports what was
 * made as created.
 */
public class SnapCreateCheck {

    /** Looks for a create's objects by name under the parent it was posted to (routes/snap-egress.camel.yaml). */
    public static final String FIND_BY_NAME = "direct:snap-find-by-name";

    /** Snap's clock and ours may differ a little: an upload created this much before the send may still be ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String SENT = "AdrelaySnapSent";

    /** The request as sent: the collection it was posted to, and its items. */
    private record Sent(String path, String plural, String singular, List<JsonNode> items) {
    }

    /** The collection the request was posted to is what the list route lists next. */
    public void begin(Exchange e) {
        Sent sent = sent(e);
        e.setProperty(SENT, sent);
        SnapLists.of(e, sent.path(), sent.plural());
    }

    /** Objects sent by name: each found one is what Snap made; none found, Snap made nothing and it is sent again. */
    public void byName(Exchange e) {
        Sent sent = e.getProperty(SENT, Sent.class);
        Map<String, JsonNode> atSnap = new LinkedHashMap<>();
        for (JsonNode entity : SnapLists.listed(e)) {
            atSnap.putIfAbsent(entity.path("name").asText(), entity);
        }
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : sent.items()) {
            found.add(atSnap.get(item.path("name").asText()));
        }
        answer(e, sent, found);
    }

    /**
     * A feed upload (no name): one of the same URL that Snap made since the request was sent, other than the last
     * upload adrelay knew of before it (the baseline: clocks may differ, so "since" is taken generously).
     */
    public void upload(Exchange e) {
        Sent sent = e.getProperty(SENT, Sent.class);
        Instant since = e.getProperty(SentEffects.SENT_AT, Instant.class).minus(CLOCK_SKEW);
        String before = e.getProperty(SentEffects.SENT_BASELINE, "", String.class);
        String url = sent.items().get(0).path("url").asText();
        JsonNode made = null;
        for (JsonNode upload : SnapLists.listed(e)) {
            String created = upload.path("created_at").asText("");
            if (url.equals(upload.path("url").asText()) && !created.isEmpty() && !Instant.parse(created).isBefore(since)
                    && !upload.path("id").asText().equals(before)) {
                made = upload;
            }
        }
        answer(e, sent, java.util.Collections.singletonList(made));
    }

    /** Snap's batch answer, item by item; an item not found was refused or never made, and a later run sends it again. */
    private static void answer(Exchange e, Sent sent, List<JsonNode> found) {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("request_status", "SUCCESS");
        ArrayNode items = answer.putArray(sent.plural());
        boolean any = false;
        for (int i = 0; i < sent.items().size(); i++) {
            JsonNode made = found.get(i);
            any |= made != null;
            ObjectNode item = items.addObject();
            if (made != null) {
                item.put("sub_request_status", "SUCCESS").set(sent.singular(), made);
            } else {
                item.put("sub_request_status", "ERROR").put("sub_request_error_reason", "sent, its answer lost, and not at Snap"
                        + " afterwards: Snap refused it or never received it; the next run sends it again")
                        .set(sent.singular(), sent.items().get(i));
            }
        }
        e.setProperty(SentEffects.FOUND, any ? "yes" : "no");
        e.getIn().setBody(answer.toString());
    }

    private static Sent sent(Exchange e) {
        ObjectNode body = (ObjectNode) EgressCall.json(e.getIn().getBody(String.class));
        String plural = body.fieldNames().next();
        List<JsonNode> items = new ArrayList<>();
        body.path(plural).forEach(items::add);
        return new Sent(e.getIn().getHeader(Exchange.HTTP_PATH, String.class), plural, plural.substring(0, plural.length() - 1), items);
    }
}
