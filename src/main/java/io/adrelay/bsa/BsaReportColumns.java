package io.adrelay.bsa;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The core fields each BuySellAds report always has (the spec's "Response Fields"); CSV headers
 * name them in Title Case ("Lineitem ID" = lineitem_id), and format-specific columns may follow.
 */
final class BsaReportColumns {

    private static final Map<String, List<String>> CORE = Map.of(
            "lineitems", List.of("lineitem_id", "lineitem_name", "order_id", "order_name", "placements", "paused",
                    "goal_unit", "goal_quantity", "unit_cost", "ratified", "budget", "notes", "scheduled_start",
                    "scheduled_end", "scheduled_start_iso", "scheduled_end_iso"),
            "daily-stats", List.of("lineitem_id", "lineitem_name", "order_id", "order_name", "placements", "date",
                    "impressions", "clicks", "ctr", "spend", "notes"),
            "creatives", List.of("order_name", "order_id", "lineitem_id", "lineitem_name", "creative_id", "link",
                    "weight", "impressions", "clicks", "ctr", "spend"),
            "creatives-daily-stats", List.of("order_name", "order_id", "lineitem_id", "lineitem_name", "creative_id",
                    "date", "link", "weight", "impressions", "clicks", "ctr", "spend"));

    private BsaReportColumns() {
    }

    static Set<String> reports() {
        return CORE.keySet();
    }

    static List<String> core(String report) {
        return CORE.get(report);
    }

    /** "Lineitem ID" -> lineitem_id, "Scheduled Start ISO" -> scheduled_start_iso, "CTR" -> ctr. */
    static String fieldName(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
