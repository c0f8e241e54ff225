package io.adrelay.bsa;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The normalised companion of a report: money and rates as plain numbers
 * ({@code $4,690.00} -> {@code 4690.00}, {@code 0.11%} -> {@code 0.0011}), everything else as pulled.
 */
final class BsaReportNormaliser {

    private static final Pattern MONEY = Pattern.compile("-?\\$-?[0-9,]*\\.?[0-9]+");
    private static final Pattern RATE = Pattern.compile("-?[0-9]*\\.?[0-9]+%");
    private static final CSVFormat OUT = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).setRecordSeparator("\n").build();

    private BsaReportNormaliser() {
    }

    static String normaliseValue(String value) {
        String v = value == null ? "" : value.strip();
        if (MONEY.matcher(v).matches()) {
            String digits = v.replace("$", "").replace(",", "");
            return new BigDecimal(digits).toPlainString();
        }
        if (RATE.matcher(v).matches()) {
            return new BigDecimal(v.substring(0, v.length() - 1)).movePointLeft(2).toPlainString();
        }
        return value;
    }

    /** The header row unchanged, then every data row normalised, all fields quoted as BuySellAds does. */
    static String normalise(List<String> header, List<List<String>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, OUT)) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row.stream().map(BsaReportNormaliser::normaliseValue).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
