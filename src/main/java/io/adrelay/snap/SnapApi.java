package io.adrelay.snap;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.apache.camel.ProducerTemplate;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.EgressFailure;
import io.adrelay.common.egress.SentEffects;

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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapApi.class);

    private final ProducerTemplate template;
    private final SnapAccessTokens tokens;

    SnapApi(ProducerTemplate template, SnapAccessTokens tokens) {
        this.template = template;
        this.tokens = tokens;
    }

    /** A create's effect, the route that looks for it should its answer be lost, and what that route compares against. */
    public record Effect(String key, String check, String baseline) {
        Map<String, Object> headers() {
            Map<String, Object> headers = new java.util.HashMap<>(Map.of(SentEffects.EFFECT, key, SentEffects.CHECK, check));
            if (baseline != null) {
                headers.put(SentEffects.BASELINE, baseline);
            }
            return headers;
        }
    }

    /** Looks for a create's objects by name under the parent it was posted to (routes/snap-egress.camel.yaml). */
    public static final String FIND_BY_NAME = "direct:snap-find-by-name";

    public JsonNode call(String method, String path, String query, JsonNode body) {
        return call(method, path, query, body, null);
    }

    private JsonNode call(String method, String path, String query, JsonNode body, Effect effect) {
        try {
            return send(method, path, query, body, effect);
        } catch (EgressFailure e) {
            ApiCallException api = ApiCallException.in(e);
            if (api == null || api.error().status() != 401 || !tokens.refreshable()) {
                throw e;
            }
            tokens.invalidate();
            return send(method, path, query, body, effect);
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

    /** Every entity of a list by its name (the first of a name, should Snap hold two: a WARN says so). */
    public Map<String, JsonNode> listByName(String path, int limit, String plural, String singular) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        listGrouped(path, limit, plural, singular).forEach((name, all) -> byName.put(name, all.get(0)));
        return byName;
    }

    /** Every entity of a list, grouped by name: adrelay declares names unique under a parent, so two of one name are news. */
    public Map<String, List<JsonNode>> listGrouped(String path, int limit, String plural, String singular) {
        Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
        list(path, limit, plural, singular).forEach(entity -> byName.computeIfAbsent(entity.path("name").asText(), n -> new ArrayList<>())
                .add(entity));
        byName.forEach((name, all) -> {
            if (all.size() > 1) {
                LOG.warn("Snap holds {} {} named \"{}\" under {} (ids {}): adrelay works on the first; remove the others at Snap",
                        all.size(), plural, name, path, all.stream().map(e -> e.path("id").asText()).toList());
            }
        });
        return byName;
    }

    /**
     * A batch request ({"plural": [items]}), answered item by item in the same order: one item per entity sent.
     * A create (POST) whose answer is lost is looked for by its objects' names before it is sent again.
     */
    public List<Item> batch(String method, String path, String plural, String singular, List<? extends JsonNode> entities) {
        Effect effect = "POST".equals(method) ? new Effect("snap POST " + path + " " + entities.stream()
                .map(entity -> entity.path("name").asText()).toList(), FIND_BY_NAME, null) : null;
        return batch(method, path, plural, singular, entities, effect);
    }

    /** The same, with the effect named by the caller. */
    public List<Item> batch(String method, String path, String plural, String singular, List<? extends JsonNode> entities,
                            Effect effect) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray(plural);
        entities.forEach(list::add);
        List<Item> items = items(call(method, path, null, body, effect), plural, singular);
        while (items.size() < entities.size()) {
            items.add(new Item(null, "Snap answered no item for it"));
        }
        return items;
    }

    public static List<Item> items(JsonNode answer, String plural, String singular) {
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

    private JsonNode send(String method, String path, String query, JsonNode body, Effect effect) {
        // a token fetch inside the throttled egress would hold a permit while the call waits, letting the
        // next ones reach Snap closer together than the throttle thinks: fetch it before
        tokens.current();
        return EgressCall.json(EgressCall.send(template, "direct:snap-egress-call", method, path, query,
                body == null ? null : body.toString(),
                effect == null ? Map.of() : effect.headers()));
    }
}
