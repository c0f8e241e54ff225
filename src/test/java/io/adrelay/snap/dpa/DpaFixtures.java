package io.adrelay.snap.dpa;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The valid DPA fixture, and copies of it with fields changed at the paths the checks report. */
final class DpaFixtures {

    static final Path VALID = Path.of("src/test/resources/fixtures/snap/dpa/valid.yaml");
    /** As an edit's value: remove the field. */
    static final String ABSENT = "<absent>";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern STEP = Pattern.compile("([a-z_0-9]+)(?:\\[(\\d+)])?");

    private DpaFixtures() {
    }

    /** The fixture with each path set to a YAML value (or removed), written to dir. */
    static Path validWith(Path dir, Map<String, String> edits) throws IOException {
        JsonNode root = YAML.readTree(VALID.toFile());
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            set(root, edit.getKey(), edit.getValue());
        }
        Path file = dir.resolve("snap-campaigns.yaml");
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    /** The fixture's campaign renamed, as YAML: a second campaign with the same creatives and ad squads. */
    static String campaignCopy(String name) throws IOException {
        ObjectNode campaign = (ObjectNode) YAML.readTree(VALID.toFile()).at("/ad_accounts/0/campaigns/0");
        return YAML.writeValueAsString(campaign.put("name", name));
    }

    private static void set(JsonNode root, String path, String value) throws IOException {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length; i++) {
            Matcher step = STEP.matcher(steps[i]);
            if (!step.matches()) {
                throw new IllegalArgumentException("not a path step: " + steps[i]);
            }
            boolean last = i == steps.length - 1;
            if (step.group(2) == null && last) {
                if (ABSENT.equals(value)) {
                    ((ObjectNode) node).remove(step.group(1));
                } else {
                    ((ObjectNode) node).set(step.group(1), YAML.readTree(value));
                }
                return;
            }
            node = node.get(step.group(1));
            if (step.group(2) != null) {
                int index = Integer.parseInt(step.group(2));
                if (last) {
                    ArrayNode list = (ArrayNode) node;
                    JsonNode item = YAML.readTree(value);
                    if (index < list.size()) {
                        list.set(index, item);
                    } else {
                        list.add(item);
                    }
                    return;
                }
                node = node.get(index);
            }
        }
    }
}
