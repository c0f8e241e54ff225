package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BsaCsvCheckTest {

    private static final List<String> DAILY_STATS = List.of("lineitem_id", "date", "impressions");

    private final DefaultExchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void acceptsTheSpecsLineitemsExample() throws Exception {
        byte[] csv;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/bsa/lineitems.csv")) {
            csv = in.readAllBytes();
        }
        List<List<String>> rows = BsaCsvCheck.parse(exchange, "lineitems", List.of("lineitem_id", "budget", "scheduled_end_iso"), csv);
        assertEquals(3, rows.size());
        assertEquals("$4,690.00", rows.get(1).get(10));
    }

    @Test
    void refusesGarbageWithTheReason() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BsaCsvCheck.parse(exchange, "daily-stats", DAILY_STATS,
                "<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.problems().contains("header lacks lineitem_id"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> BsaCsvCheck.parse(exchange, "daily-stats", DAILY_STATS, new byte[0]));
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        String csv = "\"Order Name\",\"Order ID\",\"Lineitem ID\",\"Lineitem Name\",\"Creative ID\",\"Link\",\"Weight\","
                + "\"Impressions\",\"Clicks\",\"CTR\",\"Spend\"\n\"Acme\",\"8001\"\n";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BsaCsvCheck.parse(exchange, "creatives", List.of("creative_id", "ctr"), csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("row 1 has 2 fields, the header 11"), e.problems());
    }

    @Test
    void aReportWithoutDeclaredColumnsTakesAnyHeaderButStillRowsOfItsWidth() {
        List<List<String>> rows = BsaCsvCheck.parse(exchange, "new-report", List.of(), "\"A\",\"B\"\n\"1\",\"2\"\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("A", "B"), rows.get(0));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BsaCsvCheck.parse(exchange, "new-report", List.of(), "\"A\",\"B\"\n\"1\"\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("row 1 has 1 fields, the header 2"), e.problems());
    }

    @Test
    void headerNamesMapToTheSpecsFields() {
        assertEquals("lineitem_id", BsaCsvCheck.fieldName("Lineitem ID"));
        assertEquals("scheduled_start_iso", BsaCsvCheck.fieldName("Scheduled Start ISO"));
        assertEquals("ctr", BsaCsvCheck.fieldName("CTR"));
    }
}
