package io.adrelay.snap.dpa;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.adrelay.common.InvalidInputException;
import io.adrelay.snap.SnapDeclaration;
import org.apache.camel.spi.Resource;

/**
 * Reads the YAML into {@link DpaDeclaration} (snake_case field names, a key given twice refused). The tree is
 * first matched against the records: an unknown field (a typo would otherwise be silently dropped) or a value
 * of the wrong shape (text for a number, a scalar for a list) is a problem with its path and is left out, so
 * that binding never stops half way and every problem of the file is reported at once.
 */
final class DpaDeclarationReader {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = new PropertyNamingStrategies.SnakeCaseStrategy();
    /** Amounts are whole numbers, also as a string of digits as the spec's examples send them ("100000000000"). */
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");

    private DpaDeclarationReader() {
    }

    /** The file, or when it does not exist the declaration packaged in the jar (which may be absent: nothing declared). */
    static DpaDeclaration read(Path file, Resource packaged, Problems problems) {
        String location = Files.exists(file) || packaged == null ? file.toString() : packaged.getLocation();
        JsonNode root;
        try (InputStream in = Files.exists(file) ? SnapDeclaration.openBounded(file, "Snap DPA declaration")
                : packaged != null && packaged.exists() ? packaged.getInputStream() : null) {
            if (in == null) {
                return DpaDeclaration.empty();
            }
            try (JsonParser parser = YAML.createParser(in)) {
                root = parser.nextToken() == null ? null : tree(parser);
            }
        } catch (IOException e) {
            throw new InvalidInputException("Snap DPA declaration " + location + " is not readable YAML: " + e.getMessage());
        }
        if (root == null || root.isNull()) {
            return DpaDeclaration.empty();
        }
        if (!fits(root, DpaDeclaration.class, "", problems)) {
            return DpaDeclaration.empty();
        }
        try {
            return YAML.treeToValue(root, DpaDeclaration.class);
        } catch (IOException e) {
            throw new IllegalStateException("a tree matched against the records did not bind", e);
        }
    }

    /**
     * The YAML as a tree, with one difference from Jackson's: an integer not written as plain decimal stays the
     * text it was written as, so that a colour written unquoted (text_color: 000, the spec's own example) keeps its
     * digits instead of becoming 0.
     */
    private static JsonNode tree(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, tree(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(tree(parser));
                }
                return array;
            }
            case VALUE_NUMBER_INT -> {
                String written = parser.getText();
                boolean plain = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        && written.equals(Long.toString(parser.getLongValue()));
                return plain ? nodes.numberNode(parser.getLongValue()) : nodes.textNode(written);
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> {
                return nodes.textNode(parser.getText());
            }
        }
    }

    /** Whether the node has the shape of the Java type; a misshapen node is reported (and left out by the caller). */
    private static boolean fits(JsonNode node, Type type, String path, Problems problems) {
        Class<?> raw = (Class<?>) (type instanceof ParameterizedType parameterized ? parameterized.getRawType() : type);
        String at = path.isEmpty() ? "(whole file)" : path;
        if (node.isNull() || raw == JsonNode.class) {
            return true;
        }
        if (raw == String.class && !node.isValueNode()) {
            problems.add(at, "expected a text");
            return false;
        }
        if (raw == Long.class && !(node.isIntegralNumber() && node.canConvertToLong() || node.isTextual() && DIGITS.matcher(node.asText()).matches())) {
            problems.add(at, "expected a whole number" + was(node));
            return false;
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                problems.add(at, "expected a list" + was(node));
                return false;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                if (!fits(node.get(i), element, path + "[" + i + "]", problems)) {
                    ((ArrayNode) node).set(i, NullNode.instance);
                }
            }
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                problems.add(at, "expected a mapping of fields" + was(node));
                return false;
            }
            fields((ObjectNode) node, raw, path, problems);
        }
        return true;
    }

    private static void fields(ObjectNode node, Class<?> record, String path, Problems problems) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String at = path.isEmpty() ? name : path + "." + name;
            RecordComponent component = component(record, name);
            if (component == null && !takesAnyField(record)) {
                problems.add(at, "unknown field");
                node.remove(name);
            } else if (component != null && !fits(node.get(name), component.getGenericType(), at, problems)) {
                node.remove(name);
            }
        }
    }

    private static RecordComponent component(Class<?> record, String field) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (SNAKE_CASE.translate(component.getName()).equals(field)) {
                return component;
            }
        }
        return null;
    }

    /** A record with a @JsonAnySetter component (targeting) keeps the fields it does not model. */
    private static boolean takesAnyField(Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            try {
                if (record.getDeclaredField(component.getName()).isAnnotationPresent(JsonAnySetter.class)) {
                    return true;
                }
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("a record component without its field", e);
            }
        }
        return false;
    }

    private static String was(JsonNode node) {
        return node.isValueNode() ? " (is " + node.asText() + ")" : "";
    }
}
