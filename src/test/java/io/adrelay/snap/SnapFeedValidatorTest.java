package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class SnapFeedValidatorTest {

    static final String HEADER = "id,title,description,link,image_link,availability,price,condition,brand,gtin\n";

    static String row(String id, String link, String availability, String price, String condition, String brand, String gtin) {
        return id + ",Shoe " + id + ",A shoe," + link + ",https://x.com/" + id + ".jpg," + availability + "," + price + ","
                + condition + "," + brand + "," + gtin + "\n";
    }

    record Run(SnapFeedValidator.Outcome outcome, String published, String report) {
    }

    static Run run(String csv) throws Exception {
        ByteArrayOutputStream published = new ByteArrayOutputStream();
        StringWriter report = new StringWriter();
        SnapFeedValidator.Outcome outcome;
        try (ProductIds ids = ids()) {
            outcome = SnapFeedValidator.validate(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), published, report, ids);
        }
        return new Run(outcome, published.toString(StandardCharsets.UTF_8), report.toString());
    }

    /** Ids in a budget no feed of these tests fills: every duplicate is found while reading. */
    static ProductIds ids() {
        return new ProductIds(Path.of(System.getProperty("java.io.tmpdir"), ".snap-feed-test"), 16 << 20);
    }

    @Test
    void publishesValidRowsAndNamesEachRefusalByItsCode() throws Exception {
        Run r = run("\uFEFF" + HEADER
                + row("1", "https://x.com/1", "in stock", "12.34 USD", "new", "Acme", "")
                + row("2", "ftp://x.com/2", "in stock", "12.34 USD", "new", "Acme", "")
                + row("3", "https://x.com/3", "sold", "12.34 USD", "new", "Acme", "")
                + row("4", "https://x.com/4", "in stock", "12.345 USD", "new", "Acme", "")
                + row("5", "https://x.com/5", "in stock", "12.34 XYZ", "new", "Acme", "")
                + row("6", "https://x.com/6", "in stock", "12.34 USD", "mint", "Acme", "")
                + row("7", "https://x.com/7", "out of stock", "5 EUR", "used", "", "")
                + row("1", "https://x.com/1", "in stock", "12.34 USD", "new", "Acme", "")
                + row("8", "https://x.com/8", "preorder", "5 EUR", "refurbished", "", "4006381333931"));
        assertEquals(9, r.outcome().rows());
        assertEquals(2, r.outcome().published());
        assertEquals(Map.of("CAT_VALIDATION_ERROR_PRODUCT_LINK_INVALID", 1L, "CAT_VALIDATION_ERROR_AVAILABILITY_INVALID", 1L,
                "CAT_VALIDATION_ERROR_PRODUCT_PRICE_INVALID", 1L, "CAT_VALIDATION_ERROR_CURRENCY_INVALID", 1L,
                "CAT_VALIDATION_ERROR_PRODUCT_CONDITION_INVALID", 1L, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY", 1L,
                "CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT", 1L), r.outcome().byCode());
        assertTrue(r.published().startsWith("id,title,description,link,image_link,availability,price,condition,brand,gtin\n1,"),
                "BOM stripped, header kept: " + r.published());
        assertTrue(r.published().contains("\n8,"));
        assertTrue(r.report().contains("3,2,CAT_VALIDATION_ERROR_PRODUCT_LINK_INVALID,link,"), r.report());
    }

    /** A valid row of every column, with some replaced: an easy way to vary one field at a time. */
    static Map<String, String> product(String id) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("title", "Shoe " + id);
        row.put("description", "A shoe");
        row.put("link", "https://x.com/" + id);
        row.put("image_link", "https://x.com/" + id + ".jpg");
        row.put("availability", "in stock");
        row.put("price", "12.34 USD");
        row.put("condition", "new");
        row.put("brand", "Acme");
        row.put("mpn", "M-1");
        row.put("color", "red");
        return row;
    }

    static String csv(Map<String, String> row) {
        return String.join(",", row.values().stream().map(v -> "\"" + v.replace("\"", "\"\"") + "\"").toList()) + "\n";
    }

    static final String WIDE_HEADER = String.join(",", product("").keySet()) + "\n";

    @Test
    void refusesEachFieldOverItsLimitAndPublishesTheRest() throws Exception {
        // column, limit in characters, a value of n characters that is otherwise valid
        record Limit(String column, int max, java.util.function.IntFunction<String> value) {
        }
        var limits = java.util.List.of(
                new Limit("id", 128, n -> "i".repeat(n)),
                new Limit("title", 375, n -> "t".repeat(n)),
                new Limit("description", 5000, n -> "d".repeat(n)),
                new Limit("link", 2000, n -> "https://x.com/" + "l".repeat(n - 14)),
                new Limit("image_link", 2000, n -> "https://x.com/" + "m".repeat(n - 18) + ".jpg"),
                new Limit("brand", 70, n -> "b".repeat(n)),
                new Limit("mpn", 50, n -> "p".repeat(n)),
                new Limit("color", 5000, n -> "c".repeat(n)));
        StringBuilder feed = new StringBuilder(WIDE_HEADER);
        for (Limit limit : limits) {
            for (int n : new int[] {limit.max(), limit.max() + 1}) {
                Map<String, String> row = product(limit.column() + "-" + n);
                row.put(limit.column(), limit.value().apply(n));
                feed.append(csv(row));
            }
        }
        Run r = run(feed.toString());
        assertEquals(limits.size(), r.outcome().published(), r.report());
        assertEquals(Map.of("CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE", (long) limits.size()), r.outcome().byCode());
        for (Limit limit : limits) {
            assertTrue(r.report().contains(",CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE," + limit.column() + ",\""
                    + limit.column() + " has " + (limit.max() + 1) + " characters, more than the " + limit.max() + " allowed\"\n"), r.report());
            if (!limit.column().equals("id")) {
                assertTrue(r.published().contains("\n" + limit.column() + "-" + limit.max() + ","), limit.column());
                assertFalse(r.published().contains("\n" + limit.column() + "-" + (limit.max() + 1) + ","), limit.column());
            }
        }
    }

    @Test
    void countsCharactersNotUtf16Units() throws Exception {
        Map<String, String> row = product("emoji");
        row.put("title", "\uD83D\uDC5F".repeat(375)); // 375 shoes, 750 UTF-16 units
        Run r = run(WIDE_HEADER + csv(row));
        assertEquals(1, r.outcome().published(), r.report());
    }

    @Test
    void aTooLongIdIsShortenedInTheReport() throws Exception {
        Map<String, String> row = product("x".repeat(10_000));
        Run r = run(WIDE_HEADER + csv(row) + csv(product("ok")));
        assertEquals(1, r.outcome().published());
        assertTrue(r.report().contains("\n2," + "x".repeat(128) + "\u2026,CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE,id,"), r.report());
        assertFalse(r.report().contains("x".repeat(129)));
    }

    @Test
    void refusesAFileThatIsNotAFeed() {
        assertThrows(InvalidInputException.class, () -> run("name,price\nx,1\n"));
        assertThrows(InvalidInputException.class, () -> run("id,title,description,link,image_link,availability,price,condition\n"));
    }
}
