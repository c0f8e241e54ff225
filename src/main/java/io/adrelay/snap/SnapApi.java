package io.adrelay.snap;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.ApiCallException;
import io.adrelay.common.EgressCall;
import io.adrelay.common.EgressFailure;
import io.adrelay.common.Json;
import org.apache.camel.ProducerTemplate;

/**
 * Calls the Snap Marketing API through its egress route (throttle, bearer token, error mapping)
 * and reads Snap's envelopes: lists followed through paging.next_link, batch answers item by item.
 * A 401 gets one new token and one more try.
 */
public final class SnapApi {

    /** One item of a batch answer: the entity, or Snap's reason for refusing it. */
    public record Item(JsonNode entity, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final ProducerTemplate template;
    private final SnapAccessTokens tokens;

    SnapApi(ProducerTemplate template, SnapAccessTokens tokens) {
        this.template = template;
        this.tokens = tokens;
    }

    public JsonNode call(String method, String path, String query, JsonNode body) {
        try {
            return send(method, path, query, body);
        } catch (EgressFailure e) {
            ApiCallException api = ApiCallException.in(e);
            if (api == null || api.error().status() != 401 || !tokens.refreshable()) {
                throw e;
            }
            tokens.invalidate();
            return send(method, path, query, body);
        }
    }

    /** Every entity of a list, page by page (Snap's next_link carries the cursor and the limit). */
    public List<JsonNode> list(String path, int limit, String plural, String singular) {
        List<JsonNode> all = new ArrayList<>();
        String query = "limit=" + limit;
        while (query != null) {
            JsonNode page = call("GET", path, query, null);
            items(page, plural, singular).forEach(item -> all.add(item.entity()));
            String next = page.path("paging").path("next_link").asText("");
            query = next.isEmpty() ? null : URI.create(next).getRawQuery();
        }
        return all;
    }

    /** Every entity of a list by its name (the first of a name, should Snap hold two). */
    public Map<String, JsonNode> listByName(String path, int limit, String plural, String singular) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        list(path, limit, plural, singular).forEach(entity -> byName.putIfAbsent(entity.path("name").asText(), entity));
        return byName;
    }

    /** A batch request ({"plural": [items]}), answered item by item in the same order: one item per entity sent. */
    public List<Item> batch(String method, String path, String plural, String singular, List<? extends JsonNode> entities) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray(plural);
        entities.forEach(list::add);
        List<Item> items = items(call(method, path, null, body), plural, singular);
        while (items.size() < entities.size()) {
            items.add(new Item(null, "Snap answered no item for it"));
        }
        return items;
    }

    static List<Item> items(JsonNode answer, String plural, String singular) {
        List<Item> items = new ArrayList<>();
        for (JsonNode item : answer.path(plural)) {
            if ("SUCCESS".equals(item.path("sub_request_status").asText())) {
                items.add(new Item(item.path(singular), null));
            } else {
                String reason = item.path("sub_request_error_reason").asText("");
                items.add(new Item(item.path(singular), reason.isEmpty() ? item.toString() : reason));
            }
        }
        return items;
    }

    private JsonNode send(String method, String path, String query, JsonNode body) {
        // a token fetch inside the throttled egress would hold a permit while the call waits, letting the
        // next ones reach Snap closer together than the throttle thinks: fetch it before
        tokens.current();
        return EgressCall.json(EgressCall.send(template, "direct:snap-egress-call", method, path, query,
                body == null ? null : body.toString()));
    }
}
