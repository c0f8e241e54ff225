package io.adrelay.sandbox.snap;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimRequest;
import io.adrelay.sandbox.SimResponse;

/**
 * Snap's paths under /v1: templates of literal segments and {id} segments. As Snap answers, each id
 * is checked first (a malformed one is 400 with the id's own code, an unknown one 404), then the
 * method (405 when the path does not take it); a path that matches no template is 404.
 */
final class SnapRouter {

    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** What a route sees: the request, the entities its ids name, and the simulator's base URL (for next links). */
    record Call(SimRequest request, Map<String, String> ids, Map<String, ObjectNode> entities, String baseUrl) {
        String id(String name) {
            return ids.get(name);
        }

        ObjectNode entity(String name) {
            return entities.get(name);
        }
    }

    @FunctionalInterface
    interface Action {
        SimResponse answer(Call call) throws Exception;
    }

    /** An id segment: its error code and wording, and the entities it names (null: any well-formed id). */
    private record Id(String errorCode, String idLabel, String entityLabel, Map<String, ObjectNode> entities) {
    }

    private final Map<String, Id> ids = new HashMap<>();
    private final Map<String, Map<String, Action>> routes = new LinkedHashMap<>();

    /** {name} in a template is a UUID naming one of the entities ("catalog id is malformed", "catalog X not found"). */
    SnapRouter id(String name, String errorCode, String idLabel, String entityLabel, Map<String, ObjectNode> entities) {
        ids.put(name, new Id(errorCode, idLabel, entityLabel, entities));
        return this;
    }

    /** e.g. on("GET", "catalogs/{catalog}/product_sets", ...). */
    SnapRouter on(String method, String template, Action action) {
        routes.computeIfAbsent(template, t -> new LinkedHashMap<>()).put(method, action);
        return this;
    }

    /** Answers a request to path, the part after /v1/. */
    SimResponse route(SimRequest request, String path, String baseUrl) throws Exception {
        String[] segments = path.split("/");
        for (Map.Entry<String, Map<String, Action>> route : routes.entrySet()) {
            String[] template = route.getKey().split("/");
            if (!matches(template, segments)) {
                continue;
            }
            Map<String, String> named = new HashMap<>();
            Map<String, ObjectNode> found = new HashMap<>();
            for (int i = 0; i < template.length; i++) {
                if (!template[i].startsWith("{")) {
                    continue;
                }
                String name = template[i].substring(1, template[i].length() - 1);
                Id id = ids.get(name);
                if (!UUID_SHAPE.matcher(segments[i]).matches()) {
                    return SnapEnvelope.fail(400, id.errorCode(), id.idLabel() + " id is malformed");
                }
                if (id.entities() != null) {
                    ObjectNode entity = id.entities().get(segments[i]);
                    if (entity == null) {
                        return SnapEnvelope.fail(404, "NOT_FOUND", id.entityLabel() + " " + segments[i] + " not found");
                    }
                    found.put(name, entity);
                }
                named.put(name, segments[i]);
            }
            Action action = route.getValue().get(request.method());
            return action == null ? SnapEnvelope.notAllowed() : action.answer(new Call(request, named, found, baseUrl));
        }
        return SnapEnvelope.fail(404, "NOT_FOUND", "no such endpoint " + request.path());
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
