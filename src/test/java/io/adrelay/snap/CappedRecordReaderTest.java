package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** With a cap of 10: what the parser is given, and the rows it makes of it, for a cut in each quoting state. */
class CappedRecordReaderTest {

    static final char M = CappedRecordReader.MARK;
    static final int CAP = 10;

    /** The text passed on, read in chunks of the given size (1 shows a cut's closing spans reads). */
    static String through(String input, int chunk) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Reader reader = new CappedRecordReader(new StringReader(input), CAP)) {
            char[] buffer = new char[chunk];
            for (int n; (n = reader.read(buffer, 0, chunk)) >= 0; ) {
                text.append(buffer, 0, n);
            }
        }
        return text.toString();
    }

    static void assertPassedOn(String expected, String input) throws IOException {
        assertEquals(expected, through(input, 8192));
        assertEquals(expected, through(input, 1));
    }

    /** The records the parser makes of the capped input, as the validator configures it. */
    static List<List<String>> rows(String input) throws IOException {
        return rows(new CappedRecordReader(new StringReader(input), CAP));
    }

    static List<List<String>> rows(Reader input) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).build();
        try (CSVParser parser = format.parse(input)) {
            return parser.stream().map(CSVRecord::toList).toList();
        }
    }

    @Test
    void recordsUpToTheCapPassUnchanged() throws IOException {
        String input = "0123456789\n\"a,\nb\"\"\",c\r\n\"\"\n,,,\r"; // 10, 10, 2 and 3 characters
        assertPassedOn(input, input);
    }

    @Test
    void cutsAnUnquotedField() throws IOException {
        assertPassedOn("a,b\n0123456789" + M + "\nc,d\n", "a,b\n0123456789ABC,x\nc,d\n");
        assertEquals(List.of(List.of("a", "b"), List.of("0123456789" + M), List.of("c", "d")), rows("a,b\n0123456789ABC,x\nc,d\n"));
    }

    @Test
    void cutsAQuotedFieldAndClosesItsQuote() throws IOException {
        String input = "\"a,\r\nbcdefghij\",x\nc,d\n";
        assertPassedOn("\"a,\r\nbcdef" + M + "\"\n" + "c,d\n", input);
        assertEquals(List.of(List.of("a,\r\nbcdef" + M), List.of("c", "d")), rows(input));
    }

    @Test
    void cutsJustAfterAQuoteInsideQuotes() throws IOException {
        // the first of a doubled quote
        String doubled = "\"abcdefgh\"\"ij\",x\nc,d\n";
        assertPassedOn("\"abcdefgh\"\"" + M + "\"\nc,d\n", doubled);
        assertEquals(List.of(List.of("abcdefgh\"" + M), List.of("c", "d")), rows(doubled));
        // a closing quote
        String closing = "\"abcdefgh\",xyz\nc,d\n";
        assertEquals(List.of(List.of("abcdefgh\"" + M), List.of("c", "d")), rows(closing));
    }

    @Test
    void cutsAfterAClosingQuote() throws IOException {
        String input = "\"abcdef\"    ,x\nc,d\n";
        assertPassedOn("\"abcdef\"  ," + M + "\nc,d\n", input);
        assertEquals(List.of(List.of("abcdef", String.valueOf(M)), List.of("c", "d")), rows(input));
    }

    @Test
    void cutsAtTheStartOfAField() throws IOException {
        String input = "abcdefghi,\"jkl\"\r\nc,d\r\n";
        assertPassedOn("abcdefghi," + M + "\n\nc,d\r\n", input);
        assertEquals(List.of(List.of("abcdefghi", String.valueOf(M)), List.of("c", "d")), rows(input));
    }

    @Test
    void aQuoteNeverClosedFailsTheReadOnceCut() {
        IOException e = assertThrows(IOException.class, () -> through("a,b\n\"abcdefghijklmnop,x\nc,d\n", 8192));
        assertTrue(e.getMessage().contains("the row starting on line 2 opens a quote that is never closed"), e.getMessage());
    }

    @Test
    void aMarkInTheInputIsNotTakenForACut() throws IOException {
        assertPassedOn("a\uFFFDb,c" + '\uFFFD' + "\n", "a" + M + "b,c" + M + "\n");
    }

    @Test
    void keepsEveryRowInStepWithTheParser() throws IOException {
        // random well-formed CSV: rows within the cap come out as without it, longer ones cut, none merged or split
        Random random = new Random(42);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            List<Integer> lengths = new ArrayList<>();
            for (int r = random.nextInt(6) + 1; r > 0; r--) {
                int start = text.length();
                for (int f = random.nextInt(4) + 1; f > 0; f--) {
                    text.append(random.nextBoolean() ? quoted(random) : unquoted(random)).append(f > 1 ? "," : "");
                }
                lengths.add(text.length() - start);
                text.append(List.of("\n", "\r\n", "\r").get(random.nextInt(3)));
            }
            String input = text.toString();
            List<List<String>> plain = rows(new StringReader(input));
            List<List<String>> capped = rows(input);
            assertEquals(plain.size(), capped.size(), input);
            for (int r = 0; r < plain.size(); r++) {
                List<String> row = capped.get(r);
                if (lengths.get(r) <= CAP) {
                    assertEquals(plain.get(r), row, input);
                } else {
                    assertTrue(row.get(row.size() - 1).endsWith(String.valueOf(M)), input);
                }
            }
        }
    }

    /** Never empty, so the parser doesn't skip the row as a blank line. */
    static String unquoted(Random random) {
        StringBuilder field = new StringBuilder().append("ab".charAt(random.nextInt(2)));
        for (int n = random.nextInt(8); n > 0; n--) {
            field.append("ab \"".charAt(random.nextInt(4)));
        }
        return field.toString();
    }

    static String quoted(Random random) {
        StringBuilder field = new StringBuilder("\"");
        for (int n = random.nextInt(8); n > 0; n--) {
            field.append(List.of("a", ",", "\"\"", "\n", "\r", " ").get(random.nextInt(6)));
        }
        return field.append('"').append(" ".repeat(random.nextInt(2))).toString();
    }
}
