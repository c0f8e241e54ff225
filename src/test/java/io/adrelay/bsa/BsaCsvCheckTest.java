package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import io.adrelay.common.intake.BoundedCsvDataFormat;

/** A pulled report as the route reads it (camel-csv, the bounded format) and checks it. */
class BsaCsvCheckTest {

    private static final List<String> DAILY_STATS = List.of("lineitem_id", "date", "impressions");

    @Test
    void acceptsTheSpecsLineitemsExample() throws Exception {
        byte[] csv;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/bsa/lineitems.csv")) {
            csv = in.readAllBytes();
        }
        List<List<String>> rows = rows(csv);
        BsaCsvCheck.check("lineitems", List.of("lineitem_id", "budget", "scheduled_end_iso"), rows);
        assertEquals(3, rows.size());
        assertEquals("$4,690.00", rows.get(1).get(10));
    }

    @Test
    void refusesGarbageWithTheReason() throws Exception {
        List<List<String>> html = rows("<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BsaCsvCheck.check("daily-stats", DAILY_STATS, html));
        assertTrue(e.problems().contains("header lacks lineitem_id"), e.getMessage());
        List<List<String>> empty = rows(new byte[0]);
        assertThrows(InvalidInputException.class, () -> BsaCsvCheck.check("daily-stats", DAILY_STATS, empty));
    }

    @Test
    void refusesRowsOfTheWrongWidth() throws Exception {
        String csv = "\"Order Name\",\"Order ID\",\"Lineitem ID\",\"Lineitem Name\",\"Creative ID\",\"Link\",\"Weight\","
                + "\"Impressions\",\"Clicks\",\"CTR\",\"Spend\"\n\"Acme\",\"8001\"\n";
        List<List<String>> rows = rows(csv.getBytes(StandardCharsets.UTF_8));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BsaCsvCheck.check("creatives", List.of("creative_id", "ctr"), rows));
        assertEquals(List.of("row 1 has 2 fields, the header 11"), e.problems());
    }

    @Test
    void aReportWithoutDeclaredColumnsTakesAnyHeaderButStillRowsOfItsWidth() throws Exception {
        List<List<String>> rows = rows("\"A\",\"B\"\n\"1\",\"2\"\n".getBytes(StandardCharsets.UTF_8));
        BsaCsvCheck.check("new-report", List.of(), rows);
        assertEquals(List.of("A", "B"), rows.get(0));
        List<List<String>> narrow = rows("\"A\",\"B\"\n\"1\"\n".getBytes(StandardCharsets.UTF_8));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BsaCsvCheck.check("new-report", List.of(), narrow));
        assertEquals(List.of("row 1 has 1 fields, the header 2"), e.problems());
    }

    @Test
    void headerNamesMapToTheSpecsFields() {
        assertEquals("lineitem_id", BsaCsvCheck.fieldName("Lineitem ID"));
        assertEquals("scheduled_start_iso", BsaCsvCheck.fieldName("Scheduled Start ISO"));
        assertEquals("ctr", BsaCsvCheck.fieldName("CTR"));
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(byte[] csv) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            BoundedCsvDataFormat format = new BoundedCsvDataFormat(1 << 20);
            ServiceHelper.startService(format);
            return (List<List<String>>) format.unmarshal(new DefaultExchange(context), new ByteArrayInputStream(csv));
        }
    }
}
