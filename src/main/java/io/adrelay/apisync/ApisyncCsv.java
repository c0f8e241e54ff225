package io.adrelay.apisync;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import io.adrelay.common.intake.JsonBody;

/**
 * Inventory items as CSV, one row per item, a header naming the spec's attributes. price_amount
 * and price_currency make the price, image_urls (separated by |) the images; any other column
 * becomes a custom attribute.
 */
final class ApisyncCsv {

    private static final Set<String> TEXT = Set.of("ad_template_type", "content_language", "brand", "condition",
            "description", "link", "model", "reference_id", "title");
    private static final Set<String> SPECIAL = Set.of("available", "year", "price_amount", "price_currency", "image_urls");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d*\\.\\d+|[-+]?\\d+\\.\\d*");
    /** How commons-csv says a quoted field ran to the end of the input. */
    private static final Pattern UNCLOSED_QUOTE = Pattern.compile("\\(startline (\\d+)\\) EOF reached before encapsulated token finished");

    private ApisyncCsv() {
    }

    /** With fields bounded as JSON strings are by default (adrelay.webhook.max-string-chars). */
    static List<JsonNode> inventoryItems(String csv) {
        return inventoryItems(csv, JsonBody.Limits.DEFAULT.maxStringChars());
    }

    /**
     * The items of a CSV whose fields are at most {@code maxFieldChars} long. Whatever is wrong with the
     * file (a quote never closed, a duplicate column, a row of the wrong width, a field too long) is an
     * {@link InvalidInputException} naming where: the file can never be read as it is, so it is not retried.
     */
    static List<JsonNode> inventoryItems(String csv, int maxFieldChars) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        List<JsonNode> items = new ArrayList<>();
        try (CSVParser parser = format.parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv))) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header, maxFieldChars);
            for (CSVRecord row : parser) {
                if (!row.isConsistent()) {
                    throw new InvalidInputException("CSV row " + row.getRecordNumber() + " has " + row.size()
                            + " fields, the header " + header.size());
                }
                for (int i = 0; i < row.size(); i++) {
                    if (row.get(i).length() > maxFieldChars) {
                        throw new InvalidInputException("CSV row " + row.getRecordNumber() + ", column " + header.get(i) + ": a field of "
                                + row.get(i).length() + " characters, more than adrelay.webhook.max-string-chars (" + maxFieldChars + ")");
                    }
                }
                items.add(item(row.toMap()));
            }
        } catch (InvalidInputException refused) {
            throw refused;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports a syntax error as a CSVException (an IOException), wrapped unchecked while iterating
            throw new InvalidInputException(unreadable(e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e));
        }
        return items;
    }

    /** A header naming a column twice would silently drop one of them; a header field is bounded like any other. */
    private static void checkHeader(List<String> header, int maxFieldChars) {
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (column.length() > maxFieldChars) {
                throw new InvalidInputException("the CSV header has a column name of " + column.length()
                        + " characters, more than adrelay.webhook.max-string-chars (" + maxFieldChars + ")");
            }
            if (!seen.add(column)) {
                throw new InvalidInputException("the CSV header has a duplicate column: " + (column.isEmpty() ? "(an empty name)" : column)
                        + "; name each column once");
            }
        }
    }

    private static String unreadable(Throwable e) {
        String message = String.valueOf(e.getMessage());
        Matcher open = UNCLOSED_QUOTE.matcher(message);
        if (open.find()) {
            return "not a readable CSV of inventory items: the quoted field starting on line " + open.group(1)
                    + " is never closed, so it runs to the end of the file; close the quote (a quote inside a quoted field is written \"\")";
        }
        return "not a readable CSV of inventory items: " + message;
    }

    private static ObjectNode item(Map<String, String> row) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        ArrayNode custom = Json.MAPPER.createArrayNode();
        row.forEach((column, value) -> {
            if (value == null || value.isEmpty()) {
                return;
            }
            if (TEXT.contains(column)) {
                item.put(column, value);
            } else if (!SPECIAL.contains(column)) {
                ObjectNode attribute = custom.addObject();
                attribute.put("label", column);
                attribute.put("identifier", column.toLowerCase().replaceAll("[^a-z0-9]+", "_"));
                attribute.put("value", value);
            }
        });
        String available = row.get("available");
        if ("true".equalsIgnoreCase(available) || "false".equalsIgnoreCase(available)) {
            item.put("available", Boolean.parseBoolean(available.toLowerCase()));
        } else if (available != null && !available.isEmpty()) {
            item.put("available", available);
        }
        putNumber(item, "year", row.get("year"));
        if (row.get("price_amount") != null && !row.get("price_amount").isEmpty()) {
            ObjectNode price = item.putObject("price");
            putNumber(price, "amount", row.get("price_amount"));
            price.put("currency", row.get("price_currency"));
        }
        String images = row.get("image_urls");
        if (images != null && !images.isEmpty()) {
            ArrayNode list = item.putArray("images");
            String[] urls = images.split("\\|");
            for (int i = 0; i < urls.length; i++) {
                list.addObject().put("url", urls[i].trim()).put("order", i + 1);
            }
        }
        if (!custom.isEmpty()) {
            item.set("custom_attributes", custom);
        }
        return item;
    }

    /**
     * The number as written, of any size (a decimal stays a decimal), or else the text: the
     * validator names what is wrong with it rather than seeing a changed value.
     */
    private static void putNumber(ObjectNode node, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (INTEGER.matcher(value).matches()) {
            node.put(key, new BigInteger(value));
        } else if (DECIMAL.matcher(value).matches()) {
            node.put(key, new BigDecimal(value));
        } else {
            node.put(key, value);
        }
    }
}
