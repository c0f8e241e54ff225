package io.adrelay.sandbox.apisync;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/** APISync's answers: JSON:API documents in its media type, errors as the {@code errors} array of the spec's error table. */
final class ApisyncErrors {

    static final String MEDIA_TYPE = "application/vnd.api+json";

    /** The spec's error table: status, code, title. */
    private static final Map<Integer, String[]> ERRORS = Map.ofEntries(
            Map.entry(400, new String[] {"bad_request", "Incorrect request."}),
            Map.entry(401, new String[] {"unauthorized", "Invalid API key."}),
            Map.entry(403, new String[] {"forbidden", "You don't have permission to see this resource."}),
            Map.entry(404, new String[] {"not_found", "Resource can't be found."}),
            Map.entry(405, new String[] {"method_not_allowed", "The method you used isn't supported."}),
            Map.entry(406, new String[] {"not_acceptable", "Request format is not supported."}),
            Map.entry(410, new String[] {"gone", "Resource doesn't exist anymore."}),
            Map.entry(422, new String[] {"unprocessable_entity", "Request is good but can't be processed due to semantic errors."}),
            Map.entry(429, new String[] {"too_many_requests", "You are doing too many requests, slow down."}),
            Map.entry(500, new String[] {"internal_server_error", "Temporary server problem. Try again."}),
            Map.entry(503, new String[] {"service_unavailable", "We're in maintenance."}));

    private ApisyncErrors() {
    }

    /** One error of the table's kind for the status, with a detail. */
    static SimResponse error(int status, String detail) {
        String[] known = ERRORS.getOrDefault(status, new String[] {"error", "Error."});
        return errors(status, List.of(problem(status, known[0], known[1], detail, null)));
    }

    static SimResponse notAllowed(String method, String path) {
        return error(405, method + " isn't supported on " + path + ".");
    }

    static SimResponse errors(int status, List<ObjectNode> problems) {
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.putArray("errors").addAll(problems);
        return json(status, body);
    }

    static SimResponse json(int status, JsonNode body) {
        return SimResponse.bytes(status, MEDIA_TYPE, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode required(String attribute) {
        return problem(422, "required", "Missing attribute", attribute + " is required.", attribute);
    }

    static ObjectNode invalid(String attribute, String detail) {
        return problem(422, "invalid", "Invalid attribute", detail, attribute);
    }

    /** One JSON:API error object; a pointer not starting with / names an attribute path. */
    static ObjectNode problem(int status, String code, String title, String detail, String pointer) {
        ObjectNode p = SimResponse.JSON.createObjectNode();
        p.put("status", String.valueOf(status));
        p.put("code", code);
        p.put("title", title);
        p.put("detail", detail);
        if (pointer != null) {
            p.putObject("source").put("pointer", pointer.startsWith("/") ? pointer : "/data/attributes/" + pointer);
        }
        return p;
    }
}
