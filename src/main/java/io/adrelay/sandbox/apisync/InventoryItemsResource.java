package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.invalid;
import static io.adrelay.sandbox.apisync.ApisyncErrors.required;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Inventory items: an ad template type, availability (sold_out_at set when it goes), pt-br
 * content, prices in cents; a POST with the fingerprint (brand, model, year, reference_id) of a
 * stored item updates it. Updated with PATCH.
 */
final class InventoryItemsResource extends ApisyncResource {

    private final ApisyncStore store;

    InventoryItemsResource(ApisyncStore store) {
        super("inventory-items");
        this.store = store;
    }

    @Override
    String updateMethod() {
        return "PATCH";
    }

    @Override
    ApisyncEntry duplicateOf(ObjectNode attributes) {
        String fingerprint = fingerprint(attributes);
        for (ApisyncEntry e : store.table(type()).values()) {
            if (fingerprint.equals(e.attribute("fingerprint"))) {
                return e;
            }
        }
        return null;
    }

    @Override
    void validate(ObjectNode a, ObjectNode links, List<ObjectNode> problems) {
        String template = a.path("ad_template_type").asText("");
        if (template.isEmpty()) {
            problems.add(required("ad_template_type"));
        } else if (!template.matches("[A-Za-z0-9_-]+")) {
            problems.add(invalid("ad_template_type", "Only letters, numbers, hyphens and underscores: " + template));
        }
        if (!a.path("available").isBoolean()) {
            problems.add(a.has("available") ? invalid("available", "available is true or false") : required("available"));
        }
        if (!a.has("content_language")) {
            problems.add(required("content_language"));
        } else if (!"pt-br".equals(a.path("content_language").asText())) {
            problems.add(invalid("content_language", "The only accepted value is pt-br."));
        }
        if (present(a, "condition") && !Set.of("new", "used", "refurbished").contains(a.path("condition").asText())) {
            problems.add(invalid("condition", "condition is new, used or refurbished"));
        }
        if (present(a, "price")) {
            JsonNode amount = a.path("price").path("amount");
            // exactly: asLong() alone reads 2^64 + 1 as 1
            if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() == 0) {
                problems.add(invalid("price", "price.amount is a non-zero integer of cents"));
            }
        }
        if (present(a, "link") && !a.path("link").asText().startsWith("http")) {
            problems.add(invalid("link", "link must start with http"));
        }
        a.path("images").forEach(image -> {
            if (!image.path("url").asText("").startsWith("http")) {
                problems.add(invalid("images", "Every images[].url must start with http"));
            }
        });
    }

    @Override
    void derive(ApisyncEntry target, Boolean wasAvailable) {
        ObjectNode a = target.attributes();
        a.put("fingerprint", fingerprint(a));
        boolean available = a.path("available").asBoolean();
        if (!available && !Boolean.FALSE.equals(wasAvailable)) {
            a.put("sold_out_at", Instant.now().toString());
        } else if (available) {
            a.remove("sold_out_at");
        }
    }

    private static boolean present(ObjectNode a, String name) {
        return a.has(name) && !a.get(name).isNull();
    }

    /** Hex SHA-256 of brand|model|year|reference_id: how APISync spots duplicate products. */
    private static String fingerprint(ObjectNode a) {
        String key = a.path("brand").asText("") + "|" + a.path("model").asText("") + "|" + a.path("year").asText("")
                + "|" + a.path("reference_id").asText("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
