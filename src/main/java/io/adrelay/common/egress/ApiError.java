package io.adrelay.common.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.common.config.SecretMasker;

/**
 * The error an API returned, in its own words: a code and a message pulled from whichever
 * error shape the API uses, plus the raw body (masked, truncated) for the dead letter.
 */
public record ApiError(int status, String code, String message, String body) {
    private static final int MAX_BODY = 8192;

    /** Reads the common error shapes: Statlas/BSA {@code error}, JSON:API {@code errors[]}, Snap {@code request_status}. */
    public static ApiError parse(int status, String body) {
        String code = null;
        String message = null;
        try {
            JsonNode root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode error = root.path("error");
                if (error.isTextual()) {
                    message = error.asText();
                } else if (error.isObject()) {
                    code = text(error, "code");
                    message = firstText(error, "message", "detail", "description");
                }
                JsonNode errors = root.path("errors");
                if (message == null && errors.isArray() && !errors.isEmpty()) {
                    JsonNode first = errors.get(0);
                    code = firstText(first, "code", "status");
                    message = firstText(first, "detail", "title", "message");
                }
                if (code == null) {
                    code = firstText(root, "code", "error_code", "request_status");
                }
                if (message == null) {
                    message = firstText(root, "message", "debug_message", "display_message");
                }
            }
        } catch (Exception notJson) {
            // not JSON: the raw body is kept below
        }
        if (message == null) {
            message = body == null || body.isBlank() ? "HTTP " + status : abbreviate(body.strip(), 300);
        }
        return new ApiError(status, code, SecretMasker.mask(message), SecretMasker.mask(abbreviate(body, MAX_BODY)));
    }

    public String summary() {
        return "HTTP " + status + (code == null ? "" : " " + code) + ": " + message;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = text(node, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...";
    }
}
