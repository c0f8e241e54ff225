package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.invalid;
import static io.adrelay.sandbox.apisync.ApisyncErrors.problem;
import static io.adrelay.sandbox.apisync.ApisyncErrors.required;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ads: an ad type that runs on its ad set's service and the creative keys of that type; read one
 * by one or per ad set, never as one list; once created only their state changes (PATCH).
 */
final class AdsResource extends ApisyncResource {

    /** Which service each ad type runs on. */
    private static final Map<String, String> AD_TYPE_SERVICE = Map.of(
            "expanded-text-ad", "google-ads", "image_with_link", "facebook-ads", "video", "facebook-ads");

    private final ApisyncStore store;

    AdsResource(ApisyncStore store) {
        super("ads");
        this.store = store;
    }

    @Override
    String updateMethod() {
        return "PATCH";
    }

    @Override
    boolean listable() {
        return false;
    }

    /** A PATCH may only carry state; a POST upsert may repeat the other values but not change them. */
    @Override
    void checkChange(boolean post, ApisyncEntry existing, ObjectNode changes, ObjectNode links, List<ObjectNode> problems) {
        for (Iterator<String> keys = changes.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            boolean same = Objects.equals(existing.attributes().get(key), changes.get(key));
            if (!"state".equals(key) && (!post || !same)) {
                problems.add(problem(422, "immutable", "Attribute can't be changed",
                        "Only state can change on an ad; " + key + " can't.", key));
            }
        }
        if (!post && !changes.has("state")) {
            problems.add(required("state"));
        }
        if (!Objects.equals(existing.relationships().path("ad_set"), links.path("ad_set"))) {
            problems.add(problem(422, "immutable", "Relationship can't be changed", "An ad can't move to another ad set.",
                    "/data/relationships/ad_set"));
        }
    }

    @Override
    void validate(ObjectNode a, ObjectNode links, List<ObjectNode> problems) {
        state(a, problems);
        String adType = a.path("ad_type").asText(null);
        if (adType == null) {
            problems.add(required("ad_type"));
        } else if (!AD_TYPE_SERVICE.containsKey(adType)) {
            problems.add(invalid("ad_type", "ad_type is expanded-text-ad, image_with_link or video"));
            adType = null;
        }
        JsonNode creative = a.path("creative");
        if (!creative.isObject()) {
            problems.add(a.has("creative") ? invalid("creative", "creative is an object") : required("creative"));
        }
        if (!a.has("destination_url")) {
            problems.add(required("destination_url"));
        } else if (!a.path("destination_url").asText().startsWith("http")) {
            problems.add(invalid("destination_url", "destination_url must start with http"));
        }
        ApisyncEntry adSet = store.related("ad-sets", links, "ad_set", problems);
        String service = adSet == null ? null : adSet.attribute("service");
        if (adType != null && service != null && !service.equals(AD_TYPE_SERVICE.get(adType))) {
            problems.add(invalid("ad_type", "ad_type " + adType + " doesn't run on " + service + "."));
        } else if (adType != null && creative.isObject()) {
            creative(adType, creative, problems);
        }
    }

    /** The keys each ad type's creative must carry, as in "Creative per ad type". */
    private static void creative(String adType, JsonNode creative, List<ObjectNode> problems) {
        JsonNode node = switch (adType) {
            case "image_with_link" -> creative.path("story").path("link_data");
            case "video" -> creative.path("story").path("video_data");
            default -> creative;
        };
        List<String> keys = switch (adType) {
            case "image_with_link" -> List.of("link", "message", "picture");
            case "video" -> List.of("video_url", "image_url", "message");
            default -> List.of("headline_part1", "headline_part2", "description");
        };
        String prefix = switch (adType) {
            case "image_with_link" -> "creative/story/link_data/";
            case "video" -> "creative/story/video_data/";
            default -> "creative/";
        };
        for (String key : keys) {
            if (node.path(key).asText("").isEmpty()) {
                problems.add(problem(422, "required", "Missing attribute", adType + " needs creative key " + key + ".", prefix + key));
            }
        }
    }
}
