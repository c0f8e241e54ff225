package io.adrelay.snap;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Snap's answers item by item: a list page, or a batch answered in the order it was sent. */
public final class SnapItems {

    /** One item of an answer: the entity, or Snap's reason for refusing it. */
    public record Item(JsonNode entity, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private SnapItems() {
    }

    /** The items of {"plural": [{"sub_request_status": ..., "singular": {...}}]}. */
    public static List<Item> of(JsonNode answer, String plural, String singular) {
        List<Item> items = new ArrayList<>();
        for (JsonNode item : answer.path(plural)) {
            if ("SUCCESS".equals(item.path("sub_request_status").asText())) {
                items.add(new Item(item.path(singular), null));
            } else {
                String reason = item.path("sub_request_error_reason").asText("");
                items.add(new Item(item.path(singular), reason.isEmpty() ? item.toString() : reason));
            }
        }
        return items;
    }
}
