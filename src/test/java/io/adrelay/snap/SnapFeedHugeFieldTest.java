package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * A 200 MB field, generated as it is read (never on disk nor whole in memory): its row is refused,
 * the rows around it published. Without the record cap the parser would build the field as one
 * 200-million-character String and publish the row (or run out of heap first).
 */
class SnapFeedHugeFieldTest {

    static final long HUGE = 200L << 20;

    /** The bytes of a pattern repeated up to a length, produced on demand. */
    static final class Repeated extends InputStream {
        private final byte[] pattern;
        private long left;
        private int at;

        Repeated(String pattern, long length) {
            this.pattern = pattern.getBytes(StandardCharsets.UTF_8);
            this.left = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(count, left), pattern.length - at);
            System.arraycopy(pattern, at, buffer, offset, n);
            at = (at + n) % pattern.length;
            left -= n;
            return n;
        }
    }

    static InputStream feed(String before, InputStream middle, String after) {
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(before.getBytes(StandardCharsets.UTF_8)), middle,
                new ByteArrayInputStream(after.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void aQuotedFieldOf200MegabytesRefusesItsRowOnly() throws Exception {
        Map<String, String> huge = SnapFeedValidatorTest.product("huge");
        String line = SnapFeedValidatorTest.csv(huge);
        int description = line.indexOf("\"A shoe\"");
        // the field holds commas, doubled quotes and line breaks, so the cap must follow the quoting to find the row's end
        InputStream in = feed(SnapFeedValidatorTest.WIDE_HEADER + SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("before"))
                        + line.substring(0, description + 1),
                new Repeated("lorem, \"\"ipsum\"\"\r\n dolor ", HUGE),
                line.substring(description + 7) + SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("after")));
        ByteArrayOutputStream published = new ByteArrayOutputStream();
        StringWriter report = new StringWriter();
        SnapFeedValidator.Outcome outcome = SnapFeedValidator.validate(in, published, report, SnapFeedValidatorTest.ids());

        assertEquals(3, outcome.rows(), report.toString());
        assertEquals(2, outcome.published(), report.toString());
        assertEquals(Map.of("CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE", 1L), outcome.byCode());
        assertTrue(published.toString(StandardCharsets.UTF_8).contains("\n\"before\",") || published.toString(StandardCharsets.UTF_8).contains("\nbefore,"), published.toString(StandardCharsets.UTF_8));
        assertTrue(published.toString(StandardCharsets.UTF_8).contains("\nafter,"), published.toString(StandardCharsets.UTF_8));
        assertTrue(published.size() < 2_000, "only the two small rows are published");
        // the cap's message, not the description's 5,000-character rule: the field was never read whole
        assertTrue(report.toString().contains("3,huge,CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE,description,"
                + "the row is longer than 1048576 characters"), report.toString());
    }

    static SnapFeedValidator.Outcome validate(InputStream in) throws Exception {
        return SnapFeedValidator.validate(in, new ByteArrayOutputStream(), new StringWriter(), SnapFeedValidatorTest.ids());
    }

    @Test
    void aQuoteNeverClosedPastTheCapRefusesTheFile() {
        // every row after the stray quote is inside it: publishing the rows before it would silently drop them
        InputStream in = feed(SnapFeedValidatorTest.WIDE_HEADER + SnapFeedValidatorTest.csv(SnapFeedValidatorTest.product("1"))
                + "2,\"Shoe 2", new Repeated("a,b,c\n", 2L << 20), "");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validate(in));
        assertTrue(e.getMessage().contains("the row starting on line 3 opens a quote that is never closed"), e.getMessage());
    }

    @Test
    void aHeaderPastTheCapRefusesTheFile() {
        InputStream in = feed("id,title,", new Repeated("x", 2L << 20), "\n1,2\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validate(in));
        assertEquals("not a Snap product feed: the header is longer than 1048576 characters", e.getMessage());
    }
}
