package io.adrelay.sandbox.snap;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A product set's filter as the spec defines it: one rule, or AND/OR over up to 10 rules, each
 * {ATTRIBUTE: {OPERATOR: value}} with the operators and values the attribute allows; and which
 * products a filter selects (the facets count them, the product search lists them, a creative
 * needs its set to select some). A search filter may also name a product set: PRODUCT_SET_ID {EQ: id}.
 */
final class ProductSetFilter {

    /** The spec's Filter Operator table ("ALL" in the attribute table). */
    private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE", "CONTAINS", "NOT_CONTAINS",
            "I_CONTAINS", "I_NOT_CONTAINS", "STARTS_WITH", "I_STARTS_WITH", "IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> LIST_OPERATORS = Set.of("IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> EQUALITY = Set.of("EQ", "NEQ");
    private static final Set<String> COMPARISON = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE");
    /** The spec's "Product attributes And Supported Filters" table: attribute -> operators it allows. */
    private static final Map<String, Set<String>> FILTER_ATTRIBUTES = Map.ofEntries(
            Map.entry("AGE_GROUP", EQUALITY), Map.entry("AVAILABILITY", EQUALITY), Map.entry("BRAND", OPERATORS),
            Map.entry("COLOR", OPERATORS), Map.entry("CONDITION", EQUALITY), Map.entry("CUSTOM_LABEL_0", OPERATORS),
            Map.entry("CUSTOM_LABEL_1", OPERATORS), Map.entry("CUSTOM_LABEL_2", OPERATORS), Map.entry("CUSTOM_LABEL_3", OPERATORS),
            Map.entry("CUSTOM_LABEL_4", OPERATORS), Map.entry("GENDER", EQUALITY), Map.entry("GOOGLE_PRODUCT_CATEGORY", OPERATORS),
            Map.entry("ID", OPERATORS), Map.entry("ITEM_GROUP_ID", OPERATORS), Map.entry("MATERIAL", OPERATORS),
            Map.entry("PATTERN", OPERATORS), Map.entry("PRICE_AMOUNT", COMPARISON), Map.entry("PRICE_CURRENCY", EQUALITY),
            Map.entry("PRODUCT_TYPE", OPERATORS), Map.entry("SIZE", OPERATORS), Map.entry("TITLE", OPERATORS));
    /** The product search's filter attributes: a product set's, and what a set of the catalog holds. */
    private static final Map<String, Set<String>> SEARCH_ATTRIBUTES = withProductSetId();
    /** Enum attributes and the only values their filters take. */
    private static final Map<String, Set<String>> FILTER_ENUMS = Map.of(
            "AGE_GROUP", Set.of("NEWBORN", "INFANT", "TODDLER", "KIDS", "ADULT"),
            "AVAILABILITY", Set.of("IN_STOCK", "OUT_OF_STOCK", "PREORDER", "DISCONTINUED", "AVAILABLE_FOR_ORDER"),
            "CONDITION", Set.of("NEW", "REFURBISHED", "USED"),
            "GENDER", Set.of("MALE", "FEMALE", "UNISEX"));
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern AMOUNT = Pattern.compile("\\d+(\\.\\d{1,2})?");

    private ProductSetFilter() {
    }

    /** Why a product set (name and filter) is refused, as "CODE: message", or null. */
    static String problem(JsonNode item) {
        String name = item.path("name").asText("");
        if (name.length() < 3 || name.length() > 255) {
            return "CAT_VALIDATION_ERROR_PRODUCT_SET_NAME_LENGTH_INVALID: name must have 3 to 255 characters";
        }
        return filterProblem(item.path("filter"), FILTER_ATTRIBUTES);
    }

    /** Why a product search's filter is refused, as "CODE: message", or null. */
    static String searchProblem(JsonNode filter) {
        return filterProblem(filter, SEARCH_ATTRIBUTES);
    }

    private static String filterProblem(JsonNode filter, Map<String, Set<String>> attributes) {
        if (!filter.isObject() || filter.size() != 1) {
            return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: filter is required";
        }
        String first = filter.fieldNames().next();
        List<JsonNode> rules = new ArrayList<>();
        if (first.equals("AND") || first.equals("OR")) {
            if (!filter.get(first).isArray()) {
                return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: " + first + " takes a list of rules";
            }
            filter.get(first).forEach(rules::add);
            if (rules.size() > 10) {
                return "CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_FILTER_ENTRY_COUNT_REACHED: at most 10 rules per product set";
            }
        } else {
            rules.add(filter);
        }
        for (JsonNode rule : rules) {
            String problem = ruleProblem(rule, attributes);
            if (problem != null) {
                return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: " + problem;
            }
        }
        return rules.isEmpty() ? "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: no rule" : null;
    }

    private static String ruleProblem(JsonNode rule, Map<String, Set<String>> attributes) {
        if (!rule.isObject() || rule.size() != 1) {
            return "a rule is {ATTRIBUTE: {OPERATOR: value}}";
        }
        String attribute = rule.fieldNames().next();
        JsonNode condition = rule.get(attribute);
        Set<String> allowed = attributes.get(attribute);
        if (allowed == null || !condition.isObject() || condition.size() != 1) {
            return "unknown attribute or malformed rule (one logical operator, no nesting) " + rule;
        }
        String operator = condition.fieldNames().next();
        JsonNode value = condition.get(operator);
        if (!allowed.contains(operator)) {
            return attribute + " does not take " + operator;
        }
        if (LIST_OPERATORS.contains(operator)) {
            if (!value.isArray() || value.isEmpty() || value.size() > 10) {
                return operator + " takes a list of 1 to 10 strings";
            }
            for (JsonNode v : value) {
                if (!v.isTextual() || !ALPHANUMERIC.matcher(v.asText()).matches() || v.asText().length() > 255) {
                    return operator + " takes alphanumeric strings only, not " + v;
                }
            }
            return null;
        }
        if (!value.isValueNode() || value.isNull()) {
            return operator + " takes a single value";
        }
        if (FILTER_ENUMS.containsKey(attribute)) {
            return FILTER_ENUMS.get(attribute).contains(value.asText()) ? null
                    : attribute + " takes one of " + new TreeSet<>(FILTER_ENUMS.get(attribute));
        }
        if (attribute.equals("PRICE_AMOUNT")) {
            return (value.isTextual() || value.isNumber()) && AMOUNT.matcher(value.asText()).matches() ? null
                    : "PRICE_AMOUNT takes a number with at most 2 decimals";
        }
        return value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= 255 ? null : "values are strings of 1 to 255 characters";
    }

    /** The products loaded into the catalog's feeds that the filter selects (all of them without a filter). */
    static List<Map<String, String>> select(SnapStore store, String catalogId, JsonNode filter) {
        Function<String, JsonNode> setFilters = id -> {
            ObjectNode set = store.collection("product_sets").get(id);
            return set != null && catalogId.equals(set.path("catalog_id").asText()) ? set.path("filter") : null;
        };
        return store.catalogProducts(catalogId).stream().filter(p -> matches(p, filter, setFilters)).toList();
    }

    /** Whether the filter selects the product; PRODUCT_SET_ID selects what that set's filter selects (nothing for an unknown set). */
    private static boolean matches(Map<String, String> product, JsonNode filter, Function<String, JsonNode> setFilters) {
        if (filter == null || !filter.isObject() || filter.isEmpty()) {
            return true;
        }
        String first = filter.fieldNames().next();
        if (first.equals("AND") || first.equals("OR")) {
            List<Boolean> results = new ArrayList<>();
            filter.get(first).forEach(rule -> results.add(matches(product, rule, setFilters)));
            return first.equals("AND") ? !results.contains(false) : results.contains(true);
        }
        JsonNode condition = filter.get(first);
        String operator = condition.fieldNames().next();
        JsonNode wanted = condition.get(operator);
        if (first.equals("PRODUCT_SET_ID")) {
            JsonNode setFilter = setFilters.apply(wanted.asText());
            return setFilter != null && matches(product, setFilter, setFilters);
        }
        String actual = value(product, first);
        String lower = actual.toLowerCase(Locale.ROOT);
        String wantedLower = wanted.asText().toLowerCase(Locale.ROOT);
        return switch (operator) {
            case "EQ" -> actual.equalsIgnoreCase(wanted.asText());
            case "NEQ" -> !actual.equalsIgnoreCase(wanted.asText());
            case "GT", "GTE", "LT", "LTE" -> compares(actual, operator, wanted.asText());
            case "CONTAINS" -> actual.contains(wanted.asText());
            case "NOT_CONTAINS" -> !actual.contains(wanted.asText());
            case "I_CONTAINS" -> lower.contains(wantedLower);
            case "I_NOT_CONTAINS" -> !lower.contains(wantedLower);
            case "STARTS_WITH" -> actual.startsWith(wanted.asText());
            case "I_STARTS_WITH" -> lower.startsWith(wantedLower);
            case "IS_ANY", "I_IS_ANY" -> contains(wanted, actual);
            case "IS_NOT_ANY", "I_IS_NOT_ANY" -> !contains(wanted, actual);
            default -> false;
        };
    }

    /** A numeric comparison; a value that is not a number (no price) is never selected. */
    private static boolean compares(String actual, String operator, String wanted) {
        BigDecimal a;
        BigDecimal w;
        try {
            a = new BigDecimal(actual);
            w = new BigDecimal(wanted);
        } catch (NumberFormatException notANumber) {
            return false;
        }
        int order = a.compareTo(w);
        return switch (operator) {
            case "GT" -> order > 0;
            case "GTE" -> order >= 0;
            case "LT" -> order < 0;
            default -> order <= 0;
        };
    }

    /** A product's value of a filter attribute: the price's amount or currency, enums as the filters spell them. */
    static String value(Map<String, String> product, String property) {
        String price = product.getOrDefault("price", "");
        if (property.equals("PRICE_CURRENCY")) {
            return price.contains(" ") ? price.substring(price.indexOf(' ') + 1) : "";
        }
        if (property.equals("PRICE_AMOUNT")) {
            return price.contains(" ") ? price.substring(0, price.indexOf(' ')) : "";
        }
        String value = product.getOrDefault(property.toLowerCase(Locale.ROOT), "");
        return Set.of("AVAILABILITY", "CONDITION", "GENDER", "AGE_GROUP").contains(property)
                ? value.toUpperCase(Locale.ROOT).replace(' ', '_') : value;
    }

    private static Map<String, Set<String>> withProductSetId() {
        Map<String, Set<String>> attributes = new HashMap<>(FILTER_ATTRIBUTES);
        attributes.put("PRODUCT_SET_ID", Set.of("EQ"));
        return Map.copyOf(attributes);
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }
}
