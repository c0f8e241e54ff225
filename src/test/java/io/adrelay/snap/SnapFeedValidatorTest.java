package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
        StringWriter published = new StringWriter();
        StringWriter report = new StringWriter();
        SnapFeedValidator.Outcome outcome = SnapFeedValidator.validate(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), published, report);
        return new Run(outcome, published.toString(), report.toString());
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

    @Test
    void refusesAFileThatIsNotAFeed() {
        assertThrows(InvalidInputException.class, () -> run("name,price\nx,1\n"));
        assertThrows(InvalidInputException.class, () -> run("id,title,description,link,image_link,availability,price,condition\n"));
    }

    @Test
    void findsDuplicatesAmongManyIds() {
        ProductIds ids = new ProductIds();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(ids.add("sku-" + i));
        }
        assertTrue(!ids.add("sku-123456"));
        assertTrue(!ids.add("sku-0"));
    }
}
