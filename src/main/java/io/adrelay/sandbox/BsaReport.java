package io.adrelay.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four BuySellAds reports: path and fields in the spec's order; CSV headers derive from the fields. */
enum BsaReport {
    LINEITEMS("lineitems", List.of("lineitem_id", "lineitem_name", "order_id", "order_name", "placements", "paused",
            "goal_unit", "goal_quantity", "unit_cost", "ratified", "budget", "notes", "scheduled_start", "scheduled_end",
            "scheduled_start_iso", "scheduled_end_iso")),
    DAILY_STATS("daily-stats", List.of("lineitem_id", "lineitem_name", "order_id", "order_name", "placements", "date",
            "impressions", "clicks", "ctr", "spend", "notes")),
    CREATIVES("creatives", List.of("order_name", "order_id", "lineitem_id", "lineitem_name", "creative_id", "image",
            "small_image", "company_tagline", "description", "link", "tracking_pixel", "weight", "impressions", "clicks",
            "ctr", "spend")),
    CREATIVES_DAILY_STATS("creatives-daily-stats", List.of("order_name", "order_id", "lineitem_id", "lineitem_name",
            "creative_id", "date", "image", "small_image", "company_tagline", "description", "link", "tracking_pixel",
            "weight", "impressions", "clicks", "ctr", "spend"));

    final String path;
    final List<String> fields;

    BsaReport(String path, List<String> fields) {
        this.path = path;
        this.fields = fields;
    }

    static BsaReport byPath(String path) {
        for (BsaReport r : values()) {
            if (path.equals("/" + r.path)) {
                return r;
            }
        }
        return null;
    }

    /** lineitem_id -> "Lineitem ID", scheduled_start_iso -> "Scheduled Start ISO", ctr -> "CTR". */
    static String header(String field) {
        return List.of(field.split("_")).stream().map(word -> switch (word) {
            case "id", "iso", "ctr" -> word.toUpperCase(Locale.ROOT);
            default -> Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }).collect(Collectors.joining(" "));
    }
}
