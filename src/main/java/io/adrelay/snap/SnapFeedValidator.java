package io.adrelay.snap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.adrelay.common.InvalidInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Streams a Snap product feed (CSV) row by row: valid rows go to the published feed, refused rows
 * to an error report naming the spec's CAT_VALIDATION_* code. Memory does not grow with the file:
 * the ids kept to find duplicates take a fixed budget and spill to disk past it (see {@link ProductIds};
 * a duplicate found only then is taken out afterwards, see {@link LateDuplicateRemoval}); nor with a
 * row, as no row longer than {@link #MAX_RECORD_CHARS} is read whole (see {@link FeedRecords}).
 * <p>
 * The rows are read, checked and published as bytes ({@link FeedRecords}, {@link FeedValues},
 * {@link PublishedRows}): a String is made only for what a refused row's report line says. The published
 * feed and the report are byte for byte what Commons CSV and CSVPrinter made of the same feed before.
 */
final class SnapFeedValidator {

    static final List<String> REQUIRED = List.of("id", "title", "description", "link", "image_link", "availability", "price", "condition");
    static final Set<String> AVAILABILITY = Set.of("in stock", "out of stock", "preorder", "available for order", "discontinued");
    static final Set<String> CONDITION = Set.of("new", "refurbished", "used");
    /** ISO 4217 codes, as the JDK knows them. */
    static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toSet());
    private static final CSVFormat OUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
    private static final String AVAILABILITY_MESSAGE = "availability must be one of " + AVAILABILITY;
    private static final String TOO_LARGE = "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE";
    private static final String EMPTY = "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY";
    static final String DUPLICATE = "CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT";
    /**
     * The longest row read, in characters; the rest of a longer one is skipped and the row refused.
     * A valid row is far shorter: 30 columns at their {@link FeedFieldLimits} make about 150,000.
     */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** How a feed went: rows read, published, refused, and refusals per code. */
    record Outcome(long rows, long published, long refused, Map<String, Long> byCode) {
    }

    /** The feed's header: its names in order, and where each name the rules read is (-1: not in it). */
    private record Header(List<String> names, int distinct, int[] limits, Columns columns) {
    }

    private SnapFeedValidator() {
    }

    /**
     * Publishes the valid rows and reports the others, but for the duplicates that ids finds only once
     * the feed is read ({@link ProductIds#lateDuplicates}): those rows are published here, for the caller
     * to take out. Published is flushed, not closed; report is closed.
     */
    static Outcome validate(InputStream feed, OutputStream published, Writer report, ProductIds ids) throws IOException {
        return validate(feed, published, report, ids, MAX_RECORD_CHARS);
    }

    /** As above, with rows cut at cap characters (tests use a small one). */
    static Outcome validate(InputStream feed, OutputStream published, Writer report, ProductIds ids, int cap) throws IOException {
        FeedRecords row = new FeedRecords(feed, cap);
        PublishedRows out = new PublishedRows(published);
        Map<String, Long> byCode = new LinkedHashMap<>();
        long rows = 0;
        long good = 0;
        try (CSVPrinter errors = new CSVPrinter(report, OUT)) {
            Header header = header(row, cap);
            out.write(row);
            errors.printRecord("line", "id", "code", "column", "message");
            while (row.next()) {
                rows++;
                String[] problem = problem(row, header, ids, out.position(), cap);
                if (problem == null) {
                    out.write(row);
                    good++;
                } else {
                    errors.printRecord(row.number() + 1, reportedId(row, header), problem[0], problem[1], problem[2]);
                    byCode.merge(problem[0], 1L, Long::sum);
                }
            }
            out.flush();
        }
        return new Outcome(rows, good, rows - good, byCode);
    }

    /** Reads and checks the header, the first record (an empty file has an empty one). */
    private static Header header(FeedRecords row, int cap) throws IOException {
        List<String> names = new ArrayList<>();
        if (row.next()) {
            for (int i = 0; i < row.fields(); i++) {
                names.add(row.string(i));
            }
        }
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty() && !(row.cut() && i == names.size() - 1)) {
                // Commons CSV's words, as the header used to be read by it
                throw new IllegalArgumentException("A header name is missing in " + Arrays.toString(names.toArray()));
            }
            at.put(names.get(i), i); // a name given twice is found at its last place
        }
        if (row.cut()) {
            throw new InvalidInputException("not a Snap product feed: the header is longer than " + cap + " characters");
        }
        List<String> missing = REQUIRED.stream().filter(c -> !names.contains(c)).toList();
        if (!missing.isEmpty() || (!names.contains("brand") && !names.contains("gtin") && !names.contains("mpn"))) {
            throw new InvalidInputException("not a Snap product feed: the header lacks "
                    + (missing.isEmpty() ? "brand, gtin or mpn" : String.join(", ", missing)));
        }
        return new Header(names, at.size(), FeedFieldLimits.of(names), Columns.of(at));
    }

    /**
     * The first problem of a row as {code, column, message}, or null when the row is valid (and will be
     * published from byte at of the published feed on).
     */
    private static String[] problem(FeedRecords row, Header header, ProductIds ids, long at, int cap) {
        int last = row.fields() - 1;
        List<String> names = header.names();
        if (row.cut()) {
            return new String[] {TOO_LARGE, last < names.size() ? names.get(last) : "",
                    "the row is longer than " + cap + " characters; the rest of it was skipped unread"};
        }
        if (row.fields() != header.distinct()) {
            return new String[] {"CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED", "", "the row has " + row.fields() + " fields"};
        }
        byte[] b = row.bytes();
        int base = row.base();
        int[] limits = header.limits();
        for (int i = 0; i <= last; i++) {
            if (FeedValues.over(b, base + row.from(i), base + row.to(i), limits[i])) {
                return new String[] {TOO_LARGE, names.get(i), names.get(i) + " has "
                        + FeedValues.codePoints(b, base + row.from(i), base + row.to(i)) + " characters, more than the " + limits[i] + " allowed"};
            }
        }
        Columns c = header.columns();
        for (int i = 0; i < REQUIRED.size(); i++) {
            if (empty(row, c.required[i])) {
                String column = REQUIRED.get(i);
                return new String[] {EMPTY, column, column + " is required"};
            }
        }
        if (empty(row, c.brand) && empty(row, c.gtin) && empty(row, c.mpn)) {
            return new String[] {EMPTY, "brand", "brand, gtin or mpn is required"};
        }
        // the required columns are in the row (each was found not empty above), gtin where it is not empty
        if (!FeedValues.isHttp(b, base + row.from(c.link), base + row.to(c.link))) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_LINK_INVALID", "link", "Product Link must be a well formed http(s) URL"};
        }
        if (!FeedValues.isHttp(b, base + row.from(c.imageLink), base + row.to(c.imageLink))) {
            return new String[] {"CAT_VALIDATION_ERROR_IMAGE_LINK_INVALID", "image_link", "Image Link must be a well formed http(s) URL"};
        }
        if (!FeedValues.isAvailability(b, base + row.from(c.availability), base + row.to(c.availability))) {
            return new String[] {"CAT_VALIDATION_ERROR_AVAILABILITY_INVALID", "availability", AVAILABILITY_MESSAGE};
        }
        if (!FeedValues.isCondition(b, base + row.from(c.condition), base + row.to(c.condition))) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_CONDITION_INVALID", "condition", "condition must be new, refurbished or used"};
        }
        int currency = FeedValues.priceCurrency(b, base + row.from(c.price), base + row.to(c.price));
        if (currency < 0) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_PRICE_INVALID", "price", "price must look like 12.34 USD"};
        }
        if (!FeedValues.isCurrency(b, currency)) {
            return new String[] {"CAT_VALIDATION_ERROR_CURRENCY_INVALID", "price",
                    new String(b, currency, 3, java.nio.charset.StandardCharsets.US_ASCII) + " is not an ISO 4217 currency"};
        }
        if (!empty(row, c.gtin) && !FeedValues.isGtin(b, base + row.from(c.gtin), base + row.to(c.gtin))) {
            return new String[] {"CAT_VALIDATION_ERROR_GTIN_INVALID", "gtin", "gtin must be 8, 12, 13 or 14 digits"};
        }
        if (!ids.add(b, base + row.from(c.id), row.to(c.id) - row.from(c.id), row.number() + 1, at)) {
            return duplicate(row.string(c.id));
        }
        return null;
    }

    /** The problem of a row that repeats an earlier row's id. */
    static String[] duplicate(String id) {
        return new String[] {DUPLICATE, "id", "Duplicate Product: id " + id + " appears earlier"};
    }

    /** A column the header lacks, or the row is too short for, is empty. */
    private static boolean empty(FeedRecords row, int column) {
        return column < 0 || column >= row.fields() || row.from(column) == row.to(column);
    }

    /** The id as the report shows it: no longer than an id may be. */
    private static String reportedId(FeedRecords row, Header header) {
        String id = row.string(header.columns().id);
        int max = FeedFieldLimits.BY_COLUMN.get("id");
        return id.length() > max ? id.substring(0, max) + "\u2026" : id;
    }

    /** Where the columns the rules read are in a row (-1: not in the header), looked up once, not by name in every row. */
    record Columns(int id, int link, int imageLink, int availability, int price, int condition, int brand, int gtin, int mpn,
                   int[] required) {

        static Columns of(Map<String, Integer> header) {
            java.util.function.ToIntFunction<String> at = name -> header.getOrDefault(name, -1);
            return new Columns(at.applyAsInt("id"), at.applyAsInt("link"), at.applyAsInt("image_link"), at.applyAsInt("availability"),
                    at.applyAsInt("price"), at.applyAsInt("condition"), at.applyAsInt("brand"), at.applyAsInt("gtin"),
                    at.applyAsInt("mpn"), REQUIRED.stream().mapToInt(at).toArray());
        }
    }
}
