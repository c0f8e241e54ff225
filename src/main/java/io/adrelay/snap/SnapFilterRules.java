package io.adrelay.snap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The spec's product set filter limits, checked before anything is sent: one logical operator
 * (AND or OR) over at most 10 rules, the operators each attribute allows, enum values, IS_ANY
 * lists of 1-10 alphanumeric strings, string values of 1-255 characters, prices with 2 decimals.
 */
final class SnapFilterRules {

    static final int MAX_RULES = 10;

    private static final Set<String> ALL = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE", "CONTAINS", "NOT_CONTAINS",
            "I_CONTAINS", "I_NOT_CONTAINS", "STARTS_WITH", "I_STARTS_WITH", "IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> LISTS = Set.of("IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> EQUALITY = Set.of("EQ", "NEQ");
    private static final Set<String> COMPARISON = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern AMOUNT = Pattern.compile("\\d+(\\.\\d{1,2})?");

    /** Enum attributes and their values; every other attribute takes strings. */
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "AGE_GROUP", Set.of("NEWBORN", "INFANT", "TODDLER", "KIDS", "ADULT"),
            "AVAILABILITY", Set.of("IN_STOCK", "OUT_OF_STOCK", "PREORDER", "DISCONTINUED", "AVAILABLE_FOR_ORDER"),
            "CONDITION", Set.of("NEW", "REFURBISHED", "USED"),
            "GENDER", Set.of("MALE", "FEMALE", "UNISEX"));
    private static final Set<String> STRING_ATTRIBUTES = Set.of("BRAND", "COLOR", "CUSTOM_LABEL_0", "CUSTOM_LABEL_1",
            "CUSTOM_LABEL_2", "CUSTOM_LABEL_3", "CUSTOM_LABEL_4", "GOOGLE_PRODUCT_CATEGORY", "ID", "ITEM_GROUP_ID",
            "MATERIAL", "PATTERN", "PRODUCT_TYPE", "SIZE", "TITLE");

    private SnapFilterRules() {
    }

    /** Every problem of a product set filter, each prefixed with where it is; empty when valid. */
    static List<String> problems(String where, JsonNode filter) {
        List<String> problems = new ArrayList<>();
        if (filter == null || !filter.isObject() || filter.size() != 1) {
            problems.add(where + ": a filter is one rule {ATTRIBUTE: {OPERATOR: value}} or {AND|OR: [rules]}");
            return problems;
        }
        String first = filter.fieldNames().next();
        if (first.equals("AND") || first.equals("OR")) {
            JsonNode rules = filter.get(first);
            if (!rules.isArray() || rules.isEmpty()) {
                problems.add(where + "." + first + ": a non-empty list of rules");
                return problems;
            }
            if (rules.size() > MAX_RULES) {
                problems.add(where + "." + first + ": " + rules.size() + " rules; Snap allows at most " + MAX_RULES + " per product set");
            }
            for (int i = 0; i < rules.size(); i++) {
                rule(where + "." + first + "[" + i + "]", rules.get(i), problems);
            }
        } else {
            rule(where, filter, problems);
        }
        return problems;
    }

    private static void rule(String where, JsonNode rule, List<String> problems) {
        if (!rule.isObject() || rule.size() != 1 || !rule.elements().next().isObject() || rule.elements().next().size() != 1) {
            problems.add(where + ": a rule is {ATTRIBUTE: {OPERATOR: value}} (one logical operator only, no nesting)");
            return;
        }
        String attribute = rule.fieldNames().next();
        JsonNode condition = rule.get(attribute);
        String operator = condition.fieldNames().next();
        JsonNode value = condition.get(operator);
        Set<String> allowed = operatorsOf(attribute);
        if (allowed == null) {
            problems.add(where + ": unknown attribute " + attribute);
            return;
        }
        if (!allowed.contains(operator)) {
            problems.add(where + ": " + attribute + " allows " + new TreeSet<>(allowed) + ", not " + operator);
            return;
        }
        String at = where + "." + attribute + "." + operator;
        if (LISTS.contains(operator)) {
            if (!value.isArray() || value.isEmpty() || value.size() > MAX_RULES) {
                problems.add(at + ": a list of 1 to " + MAX_RULES + " strings");
                return;
            }
            value.forEach(v -> {
                if (!v.isTextual() || !ALPHANUMERIC.matcher(v.asText()).matches() || v.asText().length() > 255) {
                    problems.add(at + ": " + v + " is not an alphanumeric string of at most 255 characters");
                }
            });
        } else if (attribute.equals("PRICE_AMOUNT")) {
            if (!(value.isTextual() || value.isNumber()) || !AMOUNT.matcher(value.asText()).matches()) {
                problems.add(at + ": a number with at most 2 decimals, e.g. \"15.50\"");
            }
        } else if (attribute.equals("PRICE_CURRENCY")) {
            if (!SnapFeedValidator.CURRENCIES.contains(value.asText())) {
                problems.add(at + ": an ISO 4217 currency code, e.g. USD");
            }
        } else if (ENUMS.containsKey(attribute)) {
            if (!ENUMS.get(attribute).contains(value.asText())) {
                problems.add(at + ": one of " + new TreeSet<>(ENUMS.get(attribute)));
            }
        } else if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 255) {
            problems.add(at + ": a string of 1 to 255 characters");
        }
    }

    private static Set<String> operatorsOf(String attribute) {
        if (ENUMS.containsKey(attribute) || attribute.equals("PRICE_CURRENCY")) {
            return EQUALITY;
        }
        if (attribute.equals("PRICE_AMOUNT")) {
            return COMPARISON;
        }
        return STRING_ATTRIBUTES.contains(attribute) ? ALL : null;
    }
}
