package io.adrelay.sandbox.snap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimRequest;
import io.adrelay.sandbox.SimResponse;

/**
 * Snap's envelopes, shared by every resource: request_status and request_id around a list of
 * sub-requests, each SUCCESS with its entity or ERROR with a reason; errors with an error_code;
 * list pages with paging.next_link. Also how a request's batch of items is read.
 */
final class SnapEnvelope {

    private SnapEnvelope() {
    }

    static ObjectNode envelope(String status) {
        return SimResponse.JSON.createObjectNode().put("request_status", status).put("request_id", UUID.randomUUID().toString());
    }

    static SimResponse fail(int status, String code, String message) {
        ObjectNode body = envelope("ERROR").put("debug_message", message).put("display_message", message).put("error_code", code);
        return SimResponse.json(status, body);
    }

    static SimResponse notAllowed() {
        return fail(405, "METHOD_NOT_ALLOWED", "method not allowed");
    }

    static SimResponse malformed(String plural) {
        return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_NULL", "the body must hold a non-empty " + plural + " list");
    }

    static SimResponse read(String plural, String singular, List<ObjectNode> entities) {
        return SimResponse.json(200, itemsInto(envelope("SUCCESS"), plural, singular, entities));
    }

    private static ObjectNode itemsInto(ObjectNode body, String plural, String singular, List<ObjectNode> entities) {
        ArrayNode items = body.putArray(plural);
        entities.forEach(e -> items.addObject().put("sub_request_status", "SUCCESS").set(singular, e));
        return body;
    }

    /** A deletion (of an entity found before: unknown ids are 404) answers an empty list. */
    static SimResponse deleted(String plural) {
        ObjectNode body = envelope("SUCCESS");
        body.putArray(plural);
        return SimResponse.json(200, body);
    }

    /** Each result is an entity (created or updated) or a "CODE: message" refusal. */
    static SimResponse batch(String plural, String singular, List<Object> results) {
        long failed = results.stream().filter(r -> r instanceof String).count();
        ObjectNode body = envelope(failed == 0 ? "SUCCESS" : failed == results.size() ? "ERROR" : "PARTIAL");
        ArrayNode items = body.putArray(plural);
        for (Object result : results) {
            if (result instanceof ObjectNode entity) {
                items.addObject().put("sub_request_status", "SUCCESS").set(singular, entity);
            } else {
                items.addObject().put("sub_request_status", "ERROR").put("sub_request_error_reason", (String) result);
            }
        }
        return SimResponse.json(failed == results.size() ? 400 : 200, body);
    }

    /** A list page: limit 1-1000, an opaque cursor, and next_link while more remain. */
    static SimResponse page(SnapRouter.Call call, String plural, String singular, List<ObjectNode> all) {
        String limitText = call.request().query("limit");
        if (call.request().query("cursor") != null && limitText == null) {
            return fail(400, "CAT_VALIDATION_ERROR_READ_LIMIT_MUST_BE_SPECIFIED", "a cursor needs a limit");
        }
        int limit;
        try {
            limit = limitText == null ? Integer.MAX_VALUE : Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limitText != null && limit > 1000) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", "limit must be 1 to 1000");
        }
        return page(call, envelope("SUCCESS"), plural, singular, all, limit);
    }

    /**
     * The page of all that the request's cursor points to (the first page without one), limit long, put
     * into body with paging.next_link (same path, the cursor and the limit in its query) while more remain.
     */
    static SimResponse page(SnapRouter.Call call, ObjectNode body, String plural, String singular, List<ObjectNode> all, int limit) {
        String cursor = call.request().query("cursor");
        int offset;
        try {
            offset = cursor == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(2));
        } catch (RuntimeException e) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_CURSOR", "the cursor is not valid");
        }
        if (offset < 0 || offset > all.size()) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_CURSOR", "the cursor is not valid");
        }
        int end = (int) Math.min(all.size(), (long) offset + limit);
        ObjectNode paging = body.putObject("paging");
        if (end < all.size()) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8));
            paging.put("next_link", call.baseUrl() + call.request().path() + "?cursor=" + next + "&limit=" + limit);
        }
        return SimResponse.json(200, itemsInto(body, plural, singular, all.subList(offset, end)));
    }

    /** The request's non-empty list of items under plural, or null. */
    static ArrayNode items(SimRequest request, String plural) {
        JsonNode body = json(request);
        JsonNode items = body == null ? null : body.get(plural);
        return items instanceof ArrayNode array && !array.isEmpty() ? array : null;
    }

    static JsonNode json(SimRequest request) {
        try {
            return SimResponse.JSON.readTree(request.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** A new entity: a fresh id and its times. */
    static ObjectNode entity() {
        String now = Instant.now().toString();
        return SimResponse.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("created_at", now).put("updated_at", now);
    }

    static ObjectNode touched(ObjectNode entity) {
        return entity.put("updated_at", Instant.now().toString());
    }
}
