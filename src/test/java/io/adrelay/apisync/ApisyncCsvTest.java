package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import io.adrelay.common.egress.RetryPolicy;

/** Inventory-item CSVs that can never be read as they are: refused at once, saying where and why, never retried. */
class ApisyncCsvTest {

    static final String HEADER = "reference_id,ad_template_type,available,content_language,title\n";

    @Test
    void aQuoteNeverClosedIsFinalAndNamesTheLineItOpensOn() {
        Throwable refused = assertThrows(RuntimeException.class, () -> ApisyncCsv.inventoryItems(HEADER
                + "sku-1,shoe,true,pt-br,One\n"
                + "sku-2,shoe,true,pt-br,\"Two\n"
                + "sku-3,shoe,true,pt-br,Three\n"));
        assertTrue(refused instanceof InvalidInputException, "a bad file, not a transient fault: " + refused);
        assertFalse(RetryPolicy.isRetryable(refused), "never retried");
        assertTrue(refused.getMessage().contains("line 3"), refused.getMessage());
        assertTrue(refused.getMessage().contains("quote"), refused.getMessage());
    }

    @Test
    void aFieldLongerThanTheStringLimitIsRefusedNamingRowAndColumn() {
        String big = "x".repeat(1001);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> ApisyncCsv.inventoryItems(HEADER
                + "sku-1,shoe,true,pt-br,fine\n"
                + "sku-2,shoe,true,pt-br," + big + "\n", 1000));
        assertTrue(refused.getMessage().contains("row 2"), refused.getMessage());
        assertTrue(refused.getMessage().contains("title"), refused.getMessage());
        assertTrue(refused.getMessage().contains("1001 characters"), refused.getMessage());
        assertTrue(refused.getMessage().contains("adrelay.webhook.max-string-chars (1000)"), refused.getMessage());
        assertEquals(1, ApisyncCsv.inventoryItems(HEADER + "sku-1,shoe,true,pt-br," + "x".repeat(1000) + "\n", 1000).size(),
                "a field at the limit is taken");
    }

    @Test
    void theDefaultFieldLimitIsTheJsonStringLimit() {
        String field = "y".repeat(65_537);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> ApisyncCsv.inventoryItems(HEADER + "sku-1,shoe,true,pt-br," + field + "\n"));
        assertTrue(refused.getMessage().contains("65536"), refused.getMessage());
    }

    @Test
    void aDuplicateColumnIsNamed() {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> ApisyncCsv.inventoryItems(
                "reference_id,ad_template_type,available,content_language,title,brand,model,year,title\n"
                        + "sku-1,shoe,true,pt-br,One,Acme,Runner,2020,Again\n"));
        assertTrue(refused.getMessage().contains("duplicate column"), refused.getMessage());
        assertTrue(refused.getMessage().contains("title"), refused.getMessage());
        assertFalse(refused.getMessage().contains("the header 9"), refused.getMessage());
    }

    @Test
    void aGoodFileStillReads() {
        List<JsonNode> items = ApisyncCsv.inventoryItems(HEADER + "sku-1,shoe,true,pt-br,\"One, quoted\"\n", 100);
        assertEquals("One, quoted", items.get(0).path("title").asText());
    }
}
