package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.ItemChecks.colour;
import static io.adrelay.sandbox.snap.ItemChecks.first;
import static io.adrelay.sandbox.snap.ItemChecks.maxLength;
import static io.adrelay.sandbox.snap.ItemChecks.oneOf;
import static io.adrelay.sandbox.snap.ItemChecks.required;
import static io.adrelay.sandbox.snap.ItemChecks.requiredColour;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Dynamic templates of an ad account, checked against the Dynamic Template, Overlay and Text Overlay tables. */
final class DynamicTemplatesHandler extends BatchResource {

    private static final Set<String> LAYOUTS = Set.of("AUTOMATIC", "FILL_WIDTH", "FILL_HEIGHT", "FIT", "HEADER", "TILT");
    /** Layouts that need a collection creative, which a Dynamic Product Ad is not. */
    private static final Set<String> COLLECTION_LAYOUTS = Set.of("CAROUSEL", "SLIDESHOW");
    private static final Set<String> OVERLAY_TYPES = Set.of("IMAGE", "FRAME", "TEXT");
    private static final Set<String> POSITIONS = Set.of("BOTTOM_MIDDLE", "BOTTOM_LEFT", "BOTTOM_RIGHT", "CENTER", "TOP_MIDDLE", "TOP_LEFT", "TOP_RIGHT");
    private static final Set<String> SHAPES = Set.of("NONE", "CIRCLE", "PILL", "RECTANGLE");

    DynamicTemplatesHandler(SnapStore store) {
        super(store, "dynamic_templates", "dynamic_template", "template", "dynamic template", Parent.AD_ACCOUNT);
    }

    @Override
    String problem(ObjectNode item) {
        return first(() -> required(item, "name"),
                () -> maxLength(item, "name", 375),
                () -> required(item, "ios_url"),
                () -> required(item, "android_url"),
                () -> COLLECTION_LAYOUTS.contains(item.path("layout").asText())
                        ? "VALIDATION_ERROR_LAYOUT_NEEDS_COLLECTION_CREATIVE: layout " + item.path("layout").asText()
                        + " needs a collection creative; a Dynamic Product Ad takes one of " + LAYOUTS : null,
                () -> oneOf(item, "layout", LAYOUTS),
                () -> textFieldsProblem(item.path("text_fields")),
                () -> colour(item, "background_color"),
                () -> overlaysProblem(item.path("overlay_specs")));
    }

    private static String textFieldsProblem(JsonNode fields) {
        if (!fields.isArray() || fields.isEmpty() || fields.size() > 2) {
            return "VALIDATION_ERROR_INVALID_TEXT_FIELDS: text_fields must list one or two catalog attributes (such as title, price)";
        }
        for (JsonNode field : fields) {
            if (!field.isTextual() || field.asText().isBlank()) {
                return "VALIDATION_ERROR_INVALID_TEXT_FIELDS: text_fields holds names of catalog attributes, not " + field;
            }
        }
        return null;
    }

    private static String overlaysProblem(JsonNode overlays) {
        if (overlays.isMissingNode()) {
            return null;
        }
        if (!overlays.isArray()) {
            return "VALIDATION_ERROR_INVALID_OVERLAY_SPECS: overlay_specs is a list of overlays";
        }
        for (int i = 0; i < overlays.size(); i++) {
            String problem = overlayProblem(overlays.get(i), "overlay_specs[" + i + "].");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String overlayProblem(JsonNode overlay, String at) {
        String type = overlay.path("type").asText();
        String problem = first(() -> oneOf(overlay, "type", OVERLAY_TYPES),
                () -> !type.equals("TEXT") && overlay.path("media_id").asText().isEmpty()
                        ? "VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: media_id is required for an overlay of type " + type : null,
                () -> maxLength(overlay, "text", 34),
                () -> oneOf(overlay, "position", POSITIONS),
                () -> type.equals("FRAME") && !overlay.path("position").asText().equals("CENTER")
                        ? "VALIDATION_ERROR_INVALID_POSITION: position must be CENTER for an overlay of type FRAME" : null,
                () -> !overlay.has("opacity") || overlay.path("opacity").isIntegralNumber()
                        && overlay.path("opacity").asInt() >= 75 && overlay.path("opacity").asInt() <= 100 ? null
                        : "VALIDATION_ERROR_INVALID_OPACITY: opacity must be a whole number from 75 to 100, not " + overlay.path("opacity"),
                () -> textOverlayProblem(overlay.path("text_overlay_properties")));
        // the checks name fields inside the overlay: say which overlay
        return problem == null ? null : problem.replaceFirst(": ", ": " + at);
    }

    private static String textOverlayProblem(JsonNode properties) {
        if (properties.isMissingNode()) {
            return null;
        }
        String problem = first(() -> oneOf(properties, "shape", SHAPES),
                () -> colour(properties, "shape_color"),
                () -> requiredColour(properties, "text_color"));
        return problem == null ? null : problem.replaceFirst(": ", ": text_overlay_properties.");
    }
}
