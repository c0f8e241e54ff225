package io.adrelay.ops;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.common.Flow;
import io.adrelay.common.RequestRejectedException;
import io.adrelay.common.WebhookAuthenticator;

/** Parsing and authorising ops requests. */
final class OpsRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsRequests() {
    }

    /** Bearer ADRELAY_OPS_TOKEN, except in the sandbox where ops are open. */
    static void authorise(boolean sandbox, String opsToken, String authorization) {
        if (sandbox && (opsToken == null || opsToken.isBlank())) {
            return;
        }
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (given == null || opsToken == null || opsToken.isBlank()
                || !WebhookAuthenticator.constantTimeEquals(opsToken, given)) {
            throw new RequestRejectedException(401, "ops endpoints need the bearer token set in ADRELAY_OPS_TOKEN");
        }
    }

    /** {"from": "yyyy-mm-dd", "to": "yyyy-mm-dd", "force": false}, every member optional; empty body = job default. */
    static Map<String, Object> jobParameters(String body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return headers;
        }
        JsonNode params;
        try {
            params = JSON.readTree(body);
        } catch (Exception e) {
            throw new RequestRejectedException(400, "body must be JSON like {\"from\": \"yyyy-mm-dd\", \"to\": \"yyyy-mm-dd\", \"force\": false}");
        }
        if (!params.isObject()) {
            throw new RequestRejectedException(400, "body must be a JSON object");
        }
        LocalDate from = date(params, "from");
        LocalDate to = date(params, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new RequestRejectedException(400, "\"to\" is before \"from\"");
        }
        if (from != null) {
            headers.put(Flow.JOB_FROM, from.toString());
        }
        if (to != null) {
            headers.put(Flow.JOB_TO, to.toString());
        }
        JsonNode force = params.path("force");
        if (!force.isMissingNode() && !force.isNull()) {
            if (!force.isBoolean()) {
                throw new RequestRejectedException(400, "\"force\" must be true or false");
            }
            headers.put(Flow.JOB_FORCE, force.booleanValue());
        }
        return headers;
    }

    private static LocalDate date(JsonNode params, String name) {
        JsonNode value = params.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new RequestRejectedException(400, "\"" + name + "\" must be a date yyyy-mm-dd");
        }
    }
}
