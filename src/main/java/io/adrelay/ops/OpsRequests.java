package io.adrelay.ops;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.intake.JsonBody;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookAuthenticator;

/** Parsing and authorising ops requests. */
final class OpsRequests {

    /** An ops body is read like a webhook's: a key twice, say, is refused, not "the last one wins". */
    private static final JsonBody STRICT = new JsonBody(JsonBody.Limits.DEFAULT);

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
    static JobParameters jobParameters(String body) {
        if (body == null || body.isBlank()) {
            return JobParameters.DEFAULTS;
        }
        JsonNode params;
        try {
            params = STRICT.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (JsonBody.MalformedException e) {
            throw new RequestRejectedException(400, "body must be JSON like {\"from\": \"yyyy-mm-dd\", \"to\": \"yyyy-mm-dd\", \"force\": false}: "
                    + e.getMessage());
        }
        if (!params.isObject()) {
            throw new RequestRejectedException(400, "body must be a JSON object");
        }
        LocalDate from = date(params, "from");
        LocalDate to = date(params, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new RequestRejectedException(400, "\"to\" is before \"from\"");
        }
        Boolean force = null;
        JsonNode given = params.path("force");
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isBoolean()) {
                throw new RequestRejectedException(400, "\"force\" must be true or false");
            }
            force = given.booleanValue();
        }
        return new JobParameters(from, to, force);
    }

    /** The longest dismissal reason kept: a sentence or two for whoever reads the history. */
    static final int MAX_REASON_CHARS = 1000;

    /** {"reason": "..."}: why a dead letter is dismissed, required (a dismissal without one would tell the history nothing). */
    static String dismissalReason(String body) {
        String expected = "body must be JSON like {\"reason\": \"why this dead letter will never be replayed\"}";
        if (body == null || body.isBlank()) {
            throw new RequestRejectedException(400, expected);
        }
        JsonNode given;
        try {
            given = STRICT.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (JsonBody.MalformedException e) {
            throw new RequestRejectedException(400, expected + ": " + e.getMessage());
        }
        JsonNode reason = given.path("reason");
        if (!given.isObject() || !reason.isTextual() || reason.asText().isBlank()) {
            throw new RequestRejectedException(400, expected);
        }
        if (reason.asText().length() > MAX_REASON_CHARS) {
            throw new RequestRejectedException(400, "reason is " + reason.asText().length() + " characters; at most " + MAX_REASON_CHARS);
        }
        return reason.asText().strip();
    }

    /** ?wait=true: answer the run's outcome once it ends instead of 202 at once. */
    static boolean waitForOutcome(String wait) {
        return wait != null && ("true".equalsIgnoreCase(wait.trim()) || "1".equals(wait.trim()));
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
