package io.adrelay.sandbox.snap;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Dynamic Product Ads rule tables are made of: a required field, a value from a set, a
 * number in a range, a colour. Fields are named by dotted paths ("product_properties.catalog_id");
 * each check answers "CODE: message" naming the field and the rule, or null when it holds.
 */
final class ItemChecks {

    private static final Pattern COLOUR = Pattern.compile("[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}");

    private ItemChecks() {
    }

    /** The first problem of the checks, run in order (a later check may rely on an earlier one), or null. */
    @SafeVarargs
    static String first(Supplier<String>... checks) {
        for (Supplier<String> check : checks) {
            String problem = check.get();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The node at a dotted path (missing when any step is). */
    static JsonNode at(JsonNode item, String field) {
        JsonNode node = item;
        for (String step : field.split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    static String text(JsonNode item, String field) {
        JsonNode node = at(item, field);
        return node.isValueNode() ? node.asText() : "";
    }

    static String required(JsonNode item, String field) {
        return text(item, field).isEmpty() ? "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: " + field + " is required" : null;
    }

    /** A required object, such as targeting or placement_v2. */
    static String requiredObject(JsonNode item, String field) {
        return at(item, field).isObject() ? null : "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: " + field + " is required (an object)";
    }

    static String maxLength(JsonNode item, String field, int max) {
        return text(item, field).length() > max
                ? "VALIDATION_ERROR_INPUT_PARAMETER_TOO_LARGE: " + field + " is longer than " + max + " characters" : null;
    }

    /** A required value from the set. */
    static String oneOf(JsonNode item, String field, Set<String> allowed) {
        String value = text(item, field);
        return allowed.contains(value) ? null : "VALIDATION_ERROR_INVALID_" + field.substring(field.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT)
                + ": " + field + " must be one of " + new TreeSet<>(allowed) + (value.isEmpty() ? " (it is missing)" : ", not " + value);
    }

    /** An optional value from the set. */
    static String optionalOneOf(JsonNode item, String field, Set<String> allowed) {
        return at(item, field).isMissingNode() ? null : oneOf(item, field, allowed);
    }

    /** A required whole number from min to max (numbers arrive as numbers; BatchResource turned digit strings into numbers). */
    static String range(JsonNode item, String field, long min, long max, String code) {
        JsonNode node = at(item, field);
        if (!node.isIntegralNumber()) {
            return "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: " + field + " is required (a whole number from " + min + " to " + max + ")";
        }
        return node.asLong() < min || node.asLong() > max ? code + ": " + field + " must be from " + min + " to " + max + ", not " + node.asLong() : null;
    }

    /** An optional colour: three or six hexadecimal digits. */
    static String colour(JsonNode item, String field) {
        return at(item, field).isMissingNode() ? null : requiredColour(item, field);
    }

    static String requiredColour(JsonNode item, String field) {
        return COLOUR.matcher(text(item, field)).matches() ? null
                : "VALIDATION_ERROR_INVALID_COLOR: " + field + " must be a three- or six-digit hexadecimal number, not '" + text(item, field) + "'";
    }

    /** The path's id must be the item's parent id (ad_account_id, campaign_id, ad_squad_id). */
    static String sameAs(JsonNode item, String field, String pathId) {
        return pathId.equals(text(item, field)) ? null
                : "VALIDATION_ERROR_" + field.toUpperCase(Locale.ROOT) + "_MISMATCH: " + field + " must be " + pathId + ", the id in the request's path";
    }
}
