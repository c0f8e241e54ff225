package io.adrelay.snap;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.EgressCall;
import io.adrelay.common.Json;
import io.adrelay.common.SentEffects;
import org.apache.camel.Exchange;

/**
 * Looks at Snap for the objects of a create whose answer was lost (bean snapCreateCheck; the routes are in
 * routes/snap-egress.camel.yaml). Snap documents no idempotency key, but names are unique under a parent as
 * adrelay declares them, and a feed upload is of one URL at one time: the parent's list, page by page, shows
 * what Snap made. The answer is the one Snap would have given, item by item, so the flow reports what was
 * made as created.
 */
public class SnapCreateCheck {

    /** Exchange properties: the next page's query, and what the pages held. */
    static final String NEXT_PAGE = "AdrelaySnapNextPage";
    static final String LISTED = "AdrelaySnapListed";
    private static final int PAGE = 100;
    /** Snap's clock and ours may differ a little: an upload created this much before the send may still be ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The request as sent: the collection it was posted to, and its items. */
    private record Sent(String path, String plural, String singular, List<JsonNode> items) {
    }

    /** Starts at the first page of the collection the request was posted to. */
    public void begin(Exchange e) {
        Sent sent = sent(e);
        e.setProperty(LISTED, new ArrayList<JsonNode>());
        e.setProperty(NEXT_PAGE, "limit=" + PAGE);
        e.setProperty(Sent.class.getName(), sent);
    }

    public void nextPage(Exchange e) {
        EgressCall.get(e, e.getProperty(Sent.class.getName(), Sent.class).path(), e.getProperty(NEXT_PAGE, String.class));
    }

    /** Keeps the page's entities; the next page is Snap's next_link, when it gives one. */
    @SuppressWarnings("unchecked")
    public void collect(Exchange e) {
        Sent sent = e.getProperty(Sent.class.getName(), Sent.class);
        JsonNode page = EgressCall.json(e);
        List<JsonNode> listed = e.getProperty(LISTED, List.class);
        SnapApi.items(page, sent.plural(), sent.singular()).forEach(item -> listed.add(item.entity()));
        String next = page.path("paging").path("next_link").asText("");
        e.setProperty(NEXT_PAGE, next.isEmpty() ? null : URI.create(next).getRawQuery());
    }

    /** Objects sent by name: each found one is what Snap made; none found, Snap made nothing and it is sent again. */
    @SuppressWarnings("unchecked")
    public void byName(Exchange e) {
        Sent sent = e.getProperty(Sent.class.getName(), Sent.class);
        Map<String, JsonNode> atSnap = new LinkedHashMap<>();
        for (JsonNode entity : (List<JsonNode>) e.getProperty(LISTED, List.class)) {
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
    @SuppressWarnings("unchecked")
    public void upload(Exchange e) {
        Sent sent = e.getProperty(Sent.class.getName(), Sent.class);
        Instant since = e.getProperty(SentEffects.SENT_AT, Instant.class).minus(CLOCK_SKEW);
        String before = e.getProperty(SentEffects.SENT_BASELINE, "", String.class);
        String url = sent.items().get(0).path("url").asText();
        JsonNode made = null;
        for (JsonNode upload : (List<JsonNode>) e.getProperty(LISTED, List.class)) {
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
