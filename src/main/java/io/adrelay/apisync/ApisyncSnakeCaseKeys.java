package io.adrelay.apisync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;

/**
 * Record keys as APISync takes them: snake_case. The spec itself spells many keys in kebab-case
 * (service-configurations, daily-budget, ad-type...), sometimes with a non-breaking hyphen
 * (U+2011), so records written from it have every hyphen in a key read as an underscore. Values
 * are left alone: ad types such as expanded-text-ad keep their hyphens.
 */
final class ApisyncSnakeCaseKeys {

    private static final Pattern HYPHENS = Pattern.compile("[-\u2010\u2011]");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    private ApisyncSnakeCaseKeys() {
    }

    static String snakeCase(String key) {
        return HYPHENS.matcher(key).replaceAll("_");
    }

    /**
     * A copy with every key in snake_case, at any depth. Keys of one object that become the same
     * (daily-budget next to daily_budget) are both kept as given, for {@link #problems} to name:
     * picking one would silently drop the other's value.
     */
    static JsonNode normalize(JsonNode node) {
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(element -> copy.add(normalize(element)));
            return copy;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        Map<String, List<String>> spellings = spellings(node);
        ObjectNode copy = Json.MAPPER.createObjectNode();
        node.properties().forEach(field -> {
            String snake = snakeCase(field.getKey());
            copy.set(spellings.get(snake).size() == 1 ? snake : field.getKey(), normalize(field.getValue()));
        });
        return copy;
    }

    /** Keys given in two spellings, and keys that are not snake_case even with hyphens read as underscores. */
    static List<String> problems(JsonNode node) {
        List<String> problems = new ArrayList<>();
        collect(node, "", problems);
        return problems;
    }

    private static void collect(JsonNode node, String path, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        spellings(node).forEach((snake, given) -> {
            String name = path.isEmpty() ? snake : path + "." + snake;
            if (given.size() > 1) {
                problems.add(name + " is given " + given.size() + " times, as " + String.join(" and ", given) + ": keep one");
            } else if (!SNAKE_CASE.matcher(snake).matches()) {
                problems.add((path.isEmpty() ? "" : path + ".") + given.get(0)
                        + " is not a snake_case key (lower-case letters, digits and underscores), which APISync requires");
            }
        });
        node.properties().forEach(field -> collect(field.getValue(),
                (path.isEmpty() ? "" : path + ".") + snakeCase(field.getKey()), problems));
    }

    /** The keys of an object by their snake_case form, in the order given. */
    private static Map<String, List<String>> spellings(JsonNode object) {
        Map<String, List<String>> spellings = new LinkedHashMap<>();
        object.fieldNames().forEachRemaining(key -> spellings.computeIfAbsent(snakeCase(key), k -> new ArrayList<>()).add(key));
        return spellings;
    }
}
