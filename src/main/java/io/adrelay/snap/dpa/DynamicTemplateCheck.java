package io.adrelay.snap.dpa;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.adrelay.snap.dpa.DpaDeclaration.DynamicTemplate;
import io.adrelay.snap.dpa.DpaDeclaration.Overlay;
import io.adrelay.snap.dpa.DpaDeclaration.TextOverlay;

/** The spec's Dynamic Template, Overlay and Text Overlay attribute tables. */
final class DynamicTemplateCheck {

    static final int MAX_NAME_LENGTH = 375;
    static final List<String> LAYOUTS = List.of("AUTOMATIC", "FILL_WIDTH", "FILL_HEIGHT", "FIT", "HEADER", "TILT", "CAROUSEL", "SLIDESHOW");
    /** "The CAROUSEL and SLIDESHOW layout requires that the Creative is a Collection Ad." */
    static final List<String> COLLECTION_LAYOUTS = List.of("CAROUSEL", "SLIDESHOW");
    /** "Array with a maximum of two Text fields from the Catalog attributes" */
    static final int MAX_TEXT_FIELDS = 2;
    static final List<String> OVERLAY_TYPES = List.of("IMAGE", "FRAME", "TEXT");
    static final List<String> MEDIA_OVERLAY_TYPES = List.of("IMAGE", "FRAME");
    static final List<String> POSITIONS = List.of("BOTTOM_MIDDLE", "BOTTOM_LEFT", "BOTTOM_RIGHT", "CENTER", "TOP_MIDDLE", "TOP_LEFT", "TOP_RIGHT");
    static final int MAX_OVERLAY_TEXT_LENGTH = 34;
    static final long MIN_OPACITY = 75;
    static final long MAX_OPACITY = 100;
    static final List<String> SHAPES = List.of("NONE", "CIRCLE", "PILL", "RECTANGLE");

    private DynamicTemplateCheck() {
    }

    static void check(DynamicTemplate template, String at, Problems problems) {
        if (problems.required(at + ".name", template.name())) {
            problems.maxLength(at + ".name", template.name(), MAX_NAME_LENGTH);
        }
        problems.oneOf(at + ".ios_url", template.iosUrl(), List.of(DpaDeclaration.TEMPLATE_URL));
        problems.oneOf(at + ".android_url", template.androidUrl(), List.of(DpaDeclaration.TEMPLATE_URL));
        problems.requiredOneOf(at + ".layout", template.layout(), LAYOUTS);
        textFields(template.textFields(), at + ".text_fields", problems);
        problems.hexColour(at + ".background_color", template.backgroundColor());
        problems.each(at + ".preferred_image_tags", template.preferredImageTags(), (tag, tagAt) -> problems.required(tagAt, tag));
        problems.each(at + ".overlay_specs", template.overlaySpecs(), (overlay, overlayAt) -> overlay(overlay, overlayAt, problems));
    }

    private static void textFields(List<String> fields, String at, Problems problems) {
        if (!problems.required(at, fields)) {
            return;
        }
        if (fields.isEmpty() || fields.size() > MAX_TEXT_FIELDS) {
            problems.add(at, fields.size() + " text fields; 1 or " + MAX_TEXT_FIELDS + " catalog attributes such as [title, price]");
        }
        Set<String> seen = new HashSet<>();
        problems.each(at, fields, (field, fieldAt) -> {
            if (problems.required(fieldAt, field)) {
                problems.uniqueName(seen, fieldAt, field, "template");
            }
        });
    }

    private static void overlay(Overlay overlay, String at, Problems problems) {
        problems.requiredOneOf(at + ".type", overlay.type(), OVERLAY_TYPES);
        if (Problems.in(overlay.type(), MEDIA_OVERLAY_TYPES) && problems.required(at + ".media_id", overlay.mediaId())) {
            problems.snapId(at + ".media_id", overlay.mediaId());
        }
        problems.maxLength(at + ".text", overlay.text(), MAX_OVERLAY_TEXT_LENGTH);
        problems.requiredOneOf(at + ".position", overlay.position(), POSITIONS);
        // "must be CENTER if type is FRAME"
        if ("FRAME".equals(overlay.type()) && overlay.position() != null && !"CENTER".equals(overlay.position())) {
            problems.add(at + ".position", overlay.position() + ": a FRAME overlay is at CENTER");
        }
        problems.within(at + ".opacity", overlay.opacity(), MIN_OPACITY, MAX_OPACITY);
        TextOverlay text = overlay.textOverlayProperties();
        if (text != null) {
            String textAt = at + ".text_overlay_properties";
            problems.requiredOneOf(textAt + ".shape", text.shape(), SHAPES);
            problems.hexColour(textAt + ".shape_color", text.shapeColor());
            if (problems.required(textAt + ".text_color", text.textColor())) {
                problems.hexColour(textAt + ".text_color", text.textColor());
            }
        }
    }
}
