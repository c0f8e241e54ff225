package io.adrelay.bsa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.adrelay.common.InvalidInputException;

/**
 * Checks a pulled report, read as rows by camel-csv (the route's unmarshal): the header has the report's core fields
 * (the spec's "Response Fields", from bsa.report.&lt;report&gt;.columns; CSV headers name them in Title Case,
 * "Lineitem ID" = lineitem_id, and format-specific columns may follow), and every row is as wide as the header.
 */
final class BsaCsvCheck {

    private BsaCsvCheck() {
    }

    /**
     * Throws InvalidInputException when the rows (the header first) are not the report: none at all, a core field
     * missing from the header (none declared: any header), or a row of another width.
     */
    static void check(String report, List<String> coreFields, List<List<String>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidInputException("BuySellAds " + report + " answered an empty body, not a CSV report");
        }
        List<String> header = rows.get(0);
        List<String> problems = new ArrayList<>();
        List<String> fields = header.stream().map(BsaCsvCheck::fieldName).toList();
        for (String core : coreFields) {
            if (!fields.contains(core)) {
                problems.add("header lacks " + core);
            }
        }
        for (int i = 1; i < rows.size() && problems.size() < 10; i++) {
            if (rows.get(i).size() != header.size()) {
                problems.add("row " + i + " has " + rows.get(i).size() + " fields, the header " + header.size());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("BuySellAds " + report + " CSV does not match the spec", problems);
        }
    }

    /** "Lineitem ID" -> lineitem_id, "Scheduled Start ISO" -> scheduled_start_iso, "CTR" -> ctr. */
    static String fieldName(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
