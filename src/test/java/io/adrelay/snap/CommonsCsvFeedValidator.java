package io.adrelay.snap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.adrelay.common.InvalidInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import io.adrelay.common.storage.StorageException;

/**
 * The feed validator as it was before {@link SnapFeedValidator} read bytes itself: Commons CSV behind a
 * {@link CappedRecordReader}, every row printed back with CSVPrinter. Kept as the reference that
 * {@code FeedValidatorEquivalenceTest} compares the byte-level validator with, feed by feed.
 * <p>
 * Streams a Snap product feed (CSV) row by row: valid rows go to the published feed, refused rows
 * to an error report naming the spec's CAT_VALIDATION_* code. Memory does not grow with the file:
 * the ids kept to find duplicates take a fixed budget and spill to disk past it (see {@link ProductIds};
 * a duplicate found only then is taken out afterwards, see {@link LateDuplicateRemoval}); nor with a
 * row, as no row longer than {@link #MAX_RECORD_CHARS} is read whole (see {@link CappedRecordReader}).
 */
final class CommonsCsvFeedValidator {

    static final List<String> REQUIRED = List.of("id", "title", "description", "link", "image_link", "availability", "price", "condition");
    static final Set<String> AVAILABILITY = Set.of("in stock", "out of stock", "preorder", "available for order", "discontinued");
    static final Set<String> CONDITION = Set.of("new", "refurbished", "used");
    /** ISO 4217 codes, as the JDK knows them. */
    static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toSet());
    private static final Pattern PRICE = Pattern.compile("(\\d+(?:\\.\\d{1,2})?) ([A-Z]{3})");
    private static final Pattern GTIN = Pattern.compile("\\d{8}|\\d{12,14}");
    private static final CSVFormat OUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
    private static final String TOO_LARGE = "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE";
    static final String DUPLICATE = "CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT";
    /**
     * The longest row read, in characters; the rest of a longer one is skipped and the row refused.
     * A valid row is far shorter: 30 columns at their {@link FeedFieldLimits} make about 150,000.
     */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** How a feed went: rows read, published, refused, and refusals per code. */
    record Outcome(long rows, long published, long refused, Map<String, Long> byCode) {
    }

    private CommonsCsvFeedValidator() {
    }

    /**
     * Publishes the valid rows and reports the others, but for the duplicates that ids finds only once
     * the feed is read ({@link ProductIds#lateDuplicates}): those rows are published here, for the caller
     * to take out.
     */
    static Outcome validate(InputStream feed, Writer published, Writer report, ProductIds ids, int cap) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(feed, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        CSVFormat in = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        Map<String, Long> byCode = new LinkedHashMap<>();
        long rows = 0;
        long good = 0;
        // a valid row is printed into a buffer, then written at once: one write to the feed a row, not one a field and comma
        StringBuilder line = new StringBuilder(1 << 10);
        char[] chars = new char[1 << 10];
        try (CSVParser parser = in.parse(new CappedRecordReader(reader, cap));
             CSVPrinter out = new CSVPrinter(line, OUT);
             CSVPrinter errors = new CSVPrinter(report, OUT)) {
            List<String> header = parser.getHeaderNames();
            if (!header.isEmpty() && cut(header.get(header.size() - 1))) {
                throw new InvalidInputException("not a Snap product feed: the header is longer than " + cap + " characters");
            }
            List<String> missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty() || (!header.contains("brand") && !header.contains("gtin") && !header.contains("mpn"))) {
                throw new InvalidInputException("not a Snap product feed: the header lacks "
                        + (missing.isEmpty() ? "brand, gtin or mpn" : String.join(", ", missing)));
            }
            int[] limits = FeedFieldLimits.of(header);
            Columns columns = Columns.of(parser.getHeaderMap());
            out.printRecord(header);
            chars = write(line, chars, published);
            errors.printRecord("line", "id", "code", "column", "message");
            for (CSVRecord row : parser) {
                rows++;
                String[] problem = problem(row, header, limits, columns, ids, good + 1, cap);
                if (problem == null) {
                    for (int i = 0; i < row.size(); i++) {
                        out.print(row.get(i));
                    }
                    out.println();
                    chars = write(line, chars, published);
                    good++;
                } else {
                    errors.printRecord(line(row), reportedId(row), problem[0], problem[1], problem[2]);
                    byCode.merge(problem[0], 1L, Long::sum);
                }
            }
        } catch (StorageException full) {
            throw full;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("the feed is not readable UTF-8 CSV: " + e.getMessage());
        }
        return new Outcome(rows, good, rows - good, byCode);
    }

    /**
     * The first problem of a row as {code, column, message}, or null when the row is valid (and will be
     * published as the ordinal-th row).
     */
    static String[] problem(CSVRecord row, List<String> header, int[] limits, Columns columns, ProductIds ids, long ordinal, int cap) {
        int last = row.size() - 1;
        if (cut(row.get(last))) {
            return new String[] {TOO_LARGE, last < header.size() ? header.get(last) : "",
                    "the row is longer than " + cap + " characters; the rest of it was skipped unread"};
        }
        if (!row.isConsistent()) {
            return new String[] {"CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED", "", "the row has " + row.size() + " fields"};
        }
        for (int i = 0; i <= last; i++) {
            if (FeedFieldLimits.over(row.get(i), limits[i])) {
                return new String[] {TOO_LARGE, header.get(i), header.get(i) + " has " + FeedFieldLimits.length(row.get(i))
                        + " characters, more than the " + limits[i] + " allowed"};
            }
        }
        for (int i = 0; i < REQUIRED.size(); i++) {
            if (get(row, columns.required[i]).isEmpty()) {
                String column = REQUIRED.get(i);
                return new String[] {"CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY", column, column + " is required"};
            }
        }
        if (get(row, columns.brand).isEmpty() && get(row, columns.gtin).isEmpty() && get(row, columns.mpn).isEmpty()) {
            return new String[] {"CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY", "brand", "brand, gtin or mpn is required"};
        }
        if (!isHttp(get(row, columns.link))) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_LINK_INVALID", "link", "Product Link must be a well formed http(s) URL"};
        }
        if (!isHttp(get(row, columns.imageLink))) {
            return new String[] {"CAT_VALIDATION_ERROR_IMAGE_LINK_INVALID", "image_link", "Image Link must be a well formed http(s) URL"};
        }
        if (!AVAILABILITY.contains(get(row, columns.availability).toLowerCase())) {
            return new String[] {"CAT_VALIDATION_ERROR_AVAILABILITY_INVALID", "availability", "availability must be one of " + AVAILABILITY};
        }
        if (!CONDITION.contains(get(row, columns.condition).toLowerCase())) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_CONDITION_INVALID", "condition", "condition must be new, refurbished or used"};
        }
        var price = PRICE.matcher(get(row, columns.price));
        if (!price.matches()) {
            return new String[] {"CAT_VALIDATION_ERROR_PRODUCT_PRICE_INVALID", "price", "price must look like 12.34 USD"};
        }
        if (!CURRENCIES.contains(price.group(2))) {
            return new String[] {"CAT_VALIDATION_ERROR_CURRENCY_INVALID", "price", price.group(2) + " is not an ISO 4217 currency"};
        }
        if (!get(row, columns.gtin).isEmpty() && !GTIN.matcher(get(row, columns.gtin)).matches()) {
            return new String[] {"CAT_VALIDATION_ERROR_GTIN_INVALID", "gtin", "gtin must be 8, 12, 13 or 14 digits"};
        }
        if (!ids.add(get(row, columns.id), line(row), ordinal)) {
            return duplicate(get(row, columns.id));
        }
        return null;
    }

    /** The problem of a row that repeats an earlier row's id. */
    static String[] duplicate(String id) {
        return new String[] {DUPLICATE, "id", "Duplicate Product: id " + id + " appears earlier"};
    }

    /** The row's line as the report numbers it: the header is line 1. */
    private static long line(CSVRecord row) {
        return row.getRecordNumber() + 1;
    }

    /** True for the last field of a row the reader cut short. */
    private static boolean cut(String field) {
        return !field.isEmpty() && field.charAt(field.length() - 1) == CappedRecordReader.MARK;
    }

    /** The id as the report shows it: no cut mark, and no longer than an id may be. */
    private static String reportedId(CSVRecord row) {
        String id = get(row, "id");
        if (cut(id)) {
            id = id.substring(0, id.length() - 1);
        }
        int max = FeedFieldLimits.BY_COLUMN.get("id");
        return id.length() > max ? id.substring(0, max) + "\u2026" : id;
    }

    private static boolean isHttp(String url) {
        return (url.startsWith("http://") || url.startsWith("https://")) && url.length() > 10 && !url.contains(" ");
    }

    private static String get(CSVRecord row, String column) {
        return row.isMapped(column) && row.isSet(column) ? row.get(column) : "";
    }

    /** The field at a column's index, "" when the header has no such column or the row is shorter. */
    private static String get(CSVRecord row, int column) {
        return column >= 0 && column < row.size() ? row.get(column) : "";
    }

    /** Writes what the printer put in line, and empties it; the char buffer to use next time. */
    private static char[] write(StringBuilder line, char[] chars, Writer published) throws IOException {
        int n = line.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        line.getChars(0, n, chars, 0);
        published.write(chars, 0, n);
        line.setLength(0);
        return chars;
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
