package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class BsaReportNormaliserTest {

    @Test
    void moneyBecomesAPlainNumber() {
        assertEquals("4690.00", BsaReportNormaliser.normaliseValue("$4,690.00"));
        assertEquals("2.50", BsaReportNormaliser.normaliseValue("$2.50"));
        assertEquals("1234567.89", BsaReportNormaliser.normaliseValue("$1,234,567.89"));
        assertEquals("-5.00", BsaReportNormaliser.normaliseValue("-$5.00"));
    }

    @Test
    void ratesBecomeFractions() {
        assertEquals("0.0011", BsaReportNormaliser.normaliseValue("0.11%"));
        assertEquals("0.0033", BsaReportNormaliser.normaliseValue("0.33%"));
        assertEquals("0.12", BsaReportNormaliser.normaliseValue("12%"));
    }

    @Test
    void otherValuesAreKept() {
        assertEquals("Acme / September 2020", BsaReportNormaliser.normaliseValue("Acme / September 2020"));
        assertEquals("1876000", BsaReportNormaliser.normaliseValue("1876000"));
        assertEquals("2020-09-01", BsaReportNormaliser.normaliseValue("2020-09-01"));
        assertEquals("", BsaReportNormaliser.normaliseValue(""));
    }

    @Test
    void writesTheHeaderAndQuotedRows() {
        String csv = BsaReportNormaliser.normalise(List.of("Lineitem ID", "Budget", "CTR", "Notes"),
                List.of(List.of("9801", "$4,690.00", "0.11%", "say \"hi\", twice")));
        assertEquals("\"Lineitem ID\",\"Budget\",\"CTR\",\"Notes\"\n\"9801\",\"4690.00\",\"0.0011\",\"say \"\"hi\"\", twice\"\n", csv);
    }
}
