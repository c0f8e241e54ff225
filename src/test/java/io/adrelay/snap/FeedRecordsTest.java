package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * With a cap of 10: the records read, for a cut in each quoting state; the same rows as Commons CSV made of
 * what a CappedRecordReader passed it ({@link CappedRecordReaderTest}), a cut field ending in M here too.
 */
class FeedRecordsTest {

    static final char M = CappedRecordReaderTest.M;

    /** Each record's fields, the last one of a cut record with M appended, as the former reader marked it. */
    static List<List<String>> rows(String input) throws IOException {
        FeedRecords records = new FeedRecords(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), CappedRecordReaderTest.CAP);
        List<List<String>> rows = new ArrayList<>();
        while (records.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < records.fields(); i++) {
                row.add(records.string(i) + (records.cut() && i == records.fields() - 1 ? M : ""));
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void cutsInEveryQuotingStateAsTheCappedReaderDid() throws IOException {
        for (String input : List.of("a,b\n0123456789ABC,x\nc,d\n", "\"a,\r\nbcdefghij\",x\nc,d\n", "\"abcdefgh\"\"ij\",x\nc,d\n",
                "\"abcdefgh\",xyz\nc,d\n", "\"abcdef\"    ,x\nc,d\n", "abcdefghi,\"jkl\"\r\nc,d\r\n", "0123456789\n\"a,\nb\"\"\",c\r\n\"\"\n,,,\r")) {
            assertEquals(CappedRecordReaderTest.rows(input), rows(input), input);
        }
        // the values, spelled out
        assertEquals(List.of(List.of("abcdefgh\"" + M), List.of("c", "d")), rows("\"abcdefgh\"\"ij\",x\nc,d\n"));
        assertEquals(List.of(List.of("abcdefgh\"" + M), List.of("c", "d")), rows("\"abcdefgh\",xyz\nc,d\n"));
        assertEquals(List.of(List.of("abcdef", String.valueOf(M)), List.of("c", "d")), rows("\"abcdef\"    ,x\nc,d\n"));
    }

    @Test
    void aCutRowIsNotCopiedAsItWasRead() throws IOException {
        FeedRecords records = new FeedRecords(new ByteArrayInputStream("a,b\n0123456789ABC\nc,d\n".getBytes(StandardCharsets.UTF_8)), 10);
        assertTrue(records.next());
        assertTrue(records.plain());
        assertTrue(records.next());
        assertTrue(records.cut());
        assertFalse(records.plain());
        assertEquals(1, records.number()); // the header is record 0
        assertTrue(records.next());
        assertEquals("c", records.string(0));
        assertFalse(records.next());
    }

    @Test
    void aQuoteNeverClosedRefusesTheFileWithTheLineItStartsOn() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> rows("a,b\n\"abcdefghijklmnop,x\nc,d\n"));
        assertTrue(e.getMessage().contains("the row starting on line 2 opens a quote that is never closed"), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8RefuseTheFile() {
        for (byte[] bad : List.of(new byte[] {'a', (byte) 0xC3}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            FeedRecords records = new FeedRecords(new ByteArrayInputStream(bad), 10);
            assertThrows(InvalidInputException.class, records::next);
        }
    }
}
