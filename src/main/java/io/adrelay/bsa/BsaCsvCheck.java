package io.adrelay.bsa;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.Exchange;
import org.apache.camel.dataformat.csv.CsvDataFormat;
import org.apache.camel.support.service.ServiceHelper;

/** Checks a pulled report with camel-csv: the spec's header, and every row as wide as the header. */
final class BsaCsvCheck {

    private BsaCsvCheck() {
    }

    /** Parses the CSV; returns its rows, the header first. Throws InvalidInputException when it is not the report. */
    @SuppressWarnings("unchecked")
    static List<List<String>> parse(Exchange exchange, String report, byte[] csv) {
        CsvDataFormat format = new CsvDataFormat();
        List<List<String>> rows;
        try {
            ServiceHelper.startService(format);
            rows = (List<List<String>>) format.unmarshal(exchange, new ByteArrayInputStream(csv));
        } catch (Exception e) {
            throw new InvalidInputException("BuySellAds " + report + " is not readable CSV: " + e.getMessage());
        } finally {
            ServiceHelper.stopService(format);
        }
        if (rows == null || rows.isEmpty()) {
            throw new InvalidInputException("BuySellAds " + report + " answered an empty body, not a CSV report");
        }
        List<String> header = rows.get(0);
        List<String> problems = new ArrayList<>();
        List<String> fields = header.stream().map(BsaReportColumns::fieldName).toList();
        for (String core : BsaReportColumns.core(report)) {
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
        return rows;
    }
}
