package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.adrelay.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The byte-level validator against the one it replaced (Commons CSV behind a CappedRecordReader, rows printed
 * back with CSVPrinter: {@link CommonsCsvFeedValidator}), on thousands of random feeds made to hit the corners:
 * quoting with commas, quotes and line breaks, CR, LF and CRLF, blank and blank-looking lines, values to trim,
 * values CSVPrinter quotes, multi-byte and 4-byte characters, U+FFFF, upper-case and non-ASCII availabilities,
 * every refusal, duplicates, too few and too many fields, rows cut at a small cap in every quoting state, and now
 * and then a feed the old validator refused whole (bytes that are not UTF-8, a quote never closed, a character
 * after a closing quote). Each feed gives the same counts, the same published bytes and the same report, or
 * both refuse it.
 */
class FeedValidatorEquivalenceTest {

    static final String[] HEADERS = {
        "id,title,description,link,image_link,availability,price,condition,brand,gtin",
        "\"id\", title ,description,link,image_link,availability,price,condition,mpn,gtin,color",
        "id,title,description,link,image_link,availability,price,condition,brand,id",
    };

    record Result(String failure, long rows, long published, long refused, Map<String, Long> byCode, String feed, String report) {
    }

    static Result reference(byte[] feed, int cap) {
        StringWriter published = new StringWriter();
        StringWriter report = new StringWriter();
        try (ProductIds ids = SnapFeedValidatorTest.ids()) {
            CommonsCsvFeedValidator.Outcome o = CommonsCsvFeedValidator.validate(new ByteArrayInputStream(feed), published, report, ids, cap);
            return new Result(null, o.rows(), o.published(), o.refused(), o.byCode(), published.toString(), report.toString());
        } catch (Exception e) {
            return new Result(e.getClass().getSimpleName(), 0, 0, 0, Map.of(), "", "");
        }
    }

    /** Gives a feed in reads of 1 to 7 bytes, so that records, characters and "" straddle every refill of the buffer. */
    static final class Trickle extends java.io.InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(7)), bytes.length - at);
            System.arraycopy(bytes, at, into, offset, n);
            at += n;
            return n;
        }
    }

    static Result bytes(byte[] feed, int cap) {
        return bytes(new ByteArrayInputStream(feed), cap);
    }

    static Result bytes(java.io.InputStream feed, int cap) {
        ByteArrayOutputStream published = new ByteArrayOutputStream();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (ProductIds ids = SnapFeedValidatorTest.ids();
             Writer reportWriter = new OutputStreamWriter(report, StandardCharsets.UTF_8)) {
            SnapFeedValidator.Outcome o = SnapFeedValidator.validate(feed, published, reportWriter, ids, cap);
            return new Result(null, o.rows(), o.published(), o.refused(), o.byCode(), published.toString(StandardCharsets.UTF_8),
                    report.toString(StandardCharsets.UTF_8));
        } catch (InvalidInputException | IllegalArgumentException e) {
            return new Result("refused", 0, 0, 0, Map.of(), "", "");
        } catch (Exception e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return new Result("neither a refusal nor an outcome: " + trace, 0, 0, 0, Map.of(), "", "");
        }
    }

    @Test
    void randomFeedsGiveTheSameFeedReportAndCountsAsCommonsCsv() throws Exception {
        Random random = new Random(19);
        int refusedWhole = 0;
        int cut = 0;
        for (int round = 0; round < 3_000; round++) {
            byte[] feed = feed(random);
            int cap = random.nextInt(4) == 0 ? SnapFeedValidator.MAX_RECORD_CHARS : 120 + random.nextInt(200);
            Result expected = reference(feed, cap);
            Result actual = random.nextBoolean() ? bytes(feed, cap) : bytes(new Trickle(feed, random), cap);
            String context = "round " + round + ", cap " + cap + ", feed " + HexFormat.of().formatHex(feed) + "\n"
                    + new String(feed, StandardCharsets.UTF_8);
            if (expected.failure() != null) {
                assertEquals("refused", actual.failure(), context + "\nthe reference refused it: " + expected.failure());
                refusedWhole++;
                continue;
            }
            if (actual.failure() != null) {
                fail(actual.failure() + " for a feed the reference took: " + context);
            }
            assertEquals(expected.report(), actual.report(), context);
            assertEquals(expected.feed(), actual.feed(), context);
            assertEquals(List.of(expected.rows(), expected.published(), expected.refused(), expected.byCode()),
                    List.of(actual.rows(), actual.published(), actual.refused(), actual.byCode()), context);
            if (expected.report().contains("the row is longer than")) {
                cut++;
            }
        }
        // the corners were reached: whole feeds refused, rows cut, and most feeds taken
        assertTrue(refusedWhole > 50 && refusedWhole < 1_000, refusedWhole + " feeds refused whole");
        assertTrue(cut > 300, cut + " feeds with a cut row");
    }

    static byte[] feed(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(10) == 0) {
            text.append('\uFEFF');
        }
        String header = HEADERS[random.nextInt(HEADERS.length)];
        int columns = header.split(",").length;
        text.append(header).append(eol(random));
        for (int r = random.nextInt(40); r > 0; r--) {
            switch (random.nextInt(40)) {
                case 0 -> text.append(eol(random)); // a blank line
                case 1 -> text.append("   ").append(eol(random));
                case 2 -> text.append("too,few").append(eol(random));
                default -> row(random, text, columns + (random.nextInt(30) == 0 ? 1 : 0));
            }
        }
        if (random.nextInt(3) == 0) {
            text.setLength(text.length() - 1); // no line end after the last row (or half of a CRLF)
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(150) == 0 && bytes.length > 100) {
            bytes[100 + random.nextInt(bytes.length - 100)] = (byte) (random.nextBoolean() ? 0xFF : 0xC3); // not UTF-8
        }
        return bytes;
    }

    static void row(Random random, StringBuilder text, int fields) {
        String id = random.nextInt(8) == 0 ? "p" + random.nextInt(5) : "p" + random.nextInt(1_000_000);
        String[] values = {id, pick(random, "Shoe", " Shoe ", "", "#1 shoe", "!shoe", "Schuh \u00e9", "\uD83D\uDC5F shoe", "a\uFFFFb",
                "x".repeat(random.nextInt(400))), pick(random, "A shoe", "a, shoe", "a \"shoe\"", "two\nlines", "cr\rhere", "\u2028", "",
                "y".repeat(random.nextInt(300))), pick(random, "https://x.com/1", "http://x.co", "ftp://x.com/1", "https://x.com/a b",
                "https://\u00e9\u00e9\u00e9", "http://a\uD83D\uDC5F", "http://ab\uD83D\uDC5F", "https://x.com/" + "\u20ac".repeat(random.nextInt(4)), "",
                "http:/x.com/12345", "https:x.com/12345", "httpx://x.com/1", "HTTP://x.com/123", "https:/", "http://"), "https://x.com/1.jpg",
                pick(random, "in stock", "IN STOCK", "In Stock", "out of stock", "preorder", "sold", "in stoc\u212A", " in stock"),
                pick(random, "12.34 USD", "5 EUR", "12.345 USD", "12. USD", "1.5 XYZ", "12.34 usd", "\u0661 USD", "9.99  USD", "0.1 JPY"),
                pick(random, "new", "used", "refurbished", "NEW", "mint", "USED "), pick(random, "Acme", "", "  "),
                pick(random, "", "", "4006381333931", "12345678", "1234567", "abcdefgh", "123456789012345"), "red"};
        for (int f = 0; f < fields; f++) {
            String value = f < values.length ? values[f] : "extra";
            if (f > 0) {
                text.append(',');
            }
            boolean needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
            if (needsQuotes || random.nextInt(6) == 0) {
                text.append('"').append(value.replace("\"", "\"\"")).append('"');
                int after = random.nextInt(200);
                if (after == 0) {
                    text.append("x"); // a character after the closing quote: the reference refuses the feed
                } else if (after < 10) {
                    text.append(pick(random, " ", "\t", "\u2028", " \u3000"));
                }
            } else {
                text.append(value);
            }
        }
        if (random.nextInt(300) == 0) {
            text.append(",\"never closed");
        }
        text.append(eol(random));
    }

    static String eol(Random random) {
        return pick(random, "\n", "\n", "\n", "\r\n", "\r");
    }

    static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
