package io.adrelay.snap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.adrelay.common.InvalidInputException;

/**
 * The records of a Snap product feed read straight from its UTF-8 bytes, one at a time, each field's value
 * left in place in a reused buffer: no String, no char decoding for a row that only needs checking and
 * copying. The rules are those the validator followed with Commons CSV (CSVFormat.DEFAULT, trim): comma
 * separated; a field starting with a double quote runs to the next lone one ("" inside is a quote) and only
 * whitespace may follow it before the comma or line end; CR, LF or CRLF ends a record; a blank line is no
 * record; values are trimmed of characters up to U+0020. A leading byte order mark is dropped, bytes that are
 * not UTF-8 refuse the file, and U+FFFF (a noncharacter) reads as U+FFFD.
 * <p>
 * No record is held longer than a cap, in UTF-16 characters as a Java String counts them: the first {@code cap}
 * characters of a longer one are its fields, its last field is {@link #cut} there, and the rest is skipped
 * unread up to the record's end, so a 200 MB field costs no heap. A quote still open at the end of the file
 * refuses the file: it swallowed every row after it.
 */
final class FeedRecords {

    /** Bytes that end a run of an unquoted field: comma, quote, CR, LF, and every byte of a multi-byte character. */
    private static final boolean[] PLAIN = new boolean[256];
    /** The same inside quotes: quote, LF (a line counted) and every byte of a multi-byte character. */
    private static final boolean[] QUOTED_PLAIN = new boolean[256];

    static {
        for (int b = 0; b < 128; b++) {
            PLAIN[b] = b != ',' && b != '"' && b != '\r' && b != '\n';
            QUOTED_PLAIN[b] = b != '"' && b != '\n';
        }
    }

    /** How a field ended. */
    private static final int COMMA = 0;
    private static final int LINE_END = 1;
    private static final int CUT = 2;

    /** The quoting states of the rest of a cut record, skipped unread. */
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_SEEN = 3;
    private static final int AFTER_QUOTE = 4;

    private final InputStream in;
    private final int cap;
    private byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private boolean started;

    /** Where the record being read starts in the buffer: the buffer keeps it from there when it refills. */
    private int start;
    private int fieldStart;
    /** Where the value of a quoted field is written, its "" made ", over its own bytes. */
    private int write;
    /** The record's UTF-16 characters minus its bytes so far: 0 for ASCII. */
    private int correction;
    private int count;
    /** Each field's value, relative to the record's start (in {@link #bytes}). */
    private int[] from = new int[32];
    private int[] to = new int[32];
    private int contentEnd;
    private boolean plain;
    private boolean cut;
    /** A cut record's bytes, copied out before the rest of it is skipped. */
    private byte[] kept;
    private long number = -1;
    /** Lines (LF) read, and the line the current record starts on: for the message of a quote never closed. */
    private long line = 1;
    private long recordLine = 1;

    FeedRecords(InputStream in, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive: " + cap);
        }
        this.in = in;
        this.cap = cap;
    }

    /** Reads the next record; false at the end of the file. The first record is the header, number 0. */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            start = pos;
            while (end - pos < 3 && more()) {
                // enough for a byte order mark
            }
            if (end - pos >= 3 && buffer[pos] == (byte) 0xEF && buffer[pos + 1] == (byte) 0xBB && buffer[pos + 2] == (byte) 0xBF) {
                pos += 3;
            }
        }
        kept = null;
        while (true) { // blank lines are no records
            start = pos;
            if (pos == end && !more()) {
                return false;
            }
            byte c = buffer[pos];
            if (c != '\n' && c != '\r') {
                break;
            }
            lineEnd(c);
            pos++;
        }
        number++;
        count = 0;
        correction = 0;
        plain = true;
        cut = false;
        int ended;
        do {
            fieldStart = pos;
            if (pos == end) {
                more();
            }
            ended = pos < end && buffer[pos] == '"' && pos < capAt() ? quoted() : unquoted();
        } while (ended == COMMA);
        return true;
    }

    /** The record's number: 0 for the header, then 1, 2, ... (blank lines are not counted). */
    long number() {
        return number;
    }

    int fields() {
        return count;
    }

    /** True when the record was longer than the cap: its last field ends there and the rest was skipped. */
    boolean cut() {
        return cut;
    }

    /**
     * True when the record's bytes, up to its line end, are exactly what the published feed prints for it
     * (no quotes, nothing trimmed, nothing CSVPrinter would quote): it can be copied as it is.
     */
    boolean plain() {
        return plain && !cut;
    }

    /** The bytes the fields' offsets point into. */
    byte[] bytes() {
        return kept != null ? kept : buffer;
    }

    /** Where the record starts in {@link #bytes}. */
    int base() {
        return kept != null ? 0 : start;
    }

    /** The record's bytes before its line end, relative to {@link #base}: a plain record as it was read. */
    int length() {
        return contentEnd;
    }

    /** The start of field i's value, relative to {@link #base}. */
    int from(int i) {
        return from[i];
    }

    int to(int i) {
        return to[i];
    }

    /** Field i's value; "" past the last field, as Commons CSV's record gave it. */
    String string(int i) {
        return i < 0 || i >= count ? "" : new String(bytes(), base() + from[i], to[i] - from[i], StandardCharsets.UTF_8);
    }

    /** The offset where the record's next character would be past the cap, were it one byte. */
    private int capAt() {
        return start + cap - correction;
    }

    private int unquoted() throws IOException {
        while (true) {
            byte[] b = buffer;
            int limit = Math.min(end, capAt());
            int p = pos;
            while (p < limit && PLAIN[b[p] & 0xFF]) {
                p++;
            }
            pos = p;
            if (p == end) {
                if (!more()) {
                    addField(fieldStart, pos, true);
                    contentEnd = pos - start;
                    return LINE_END;
                }
                continue;
            }
            byte c = b[p];
            if (c == '\n' || c == '\r') {
                addField(fieldStart, p, true);
                contentEnd = p - start;
                lineEnd(c);
                pos = p + 1;
                return LINE_END;
            }
            if (p >= limit) {
                return cutAt(fieldStart, p, p > fieldStart ? UNQUOTED : FIELD_START);
            }
            if (c == ',') {
                addField(fieldStart, p, true);
                pos = p + 1;
                return COMMA;
            }
            if (c == '"') {
                plain = false; // a quote inside an unquoted field is printed quoted
                pos = p + 1;
                continue;
            }
            int n = sequence();
            int units = n == 4 ? 2 : 1;
            if (pos - start + correction + units > cap) {
                return cutAt(fieldStart, pos, pos > fieldStart ? UNQUOTED : FIELD_START);
            }
            correction += units - n;
            pos += n;
        }
    }

    /** A quoted field: its value is written over its own bytes from its opening quote on. */
    private int quoted() throws IOException {
        plain = false;
        write = fieldStart;
        pos++;
        while (true) {
            byte[] b = buffer;
            int limit = Math.min(end, capAt());
            int p = pos;
            int w = write;
            while (p < limit && QUOTED_PLAIN[b[p] & 0xFF]) {
                b[w++] = b[p++];
            }
            pos = p;
            write = w;
            if (p == end) {
                if (!more()) {
                    throw neverClosed();
                }
                continue;
            }
            if (p >= limit) {
                return cutInQuotes(QUOTED);
            }
            byte c = b[p];
            if (c == '\n') {
                line++;
                b[write++] = c;
                pos++;
                continue;
            }
            if (c == '"') {
                if (pos + 1 == end && !more()) {
                    pos++;
                    addField(fieldStart, write, false);
                    contentEnd = pos - start;
                    return LINE_END;
                }
                byte after = buffer[pos + 1];
                if (pos + 1 >= capAt() && after != '\n' && after != '\r') {
                    // the character after the quote is past the cap: the quote stays part of the value, as the first of ""
                    pos++;
                    return cutInQuotes(QUOTE_SEEN);
                }
                if (after == '"') {
                    buffer[write++] = '"';
                    pos += 2;
                    continue;
                }
                pos++;
                addField(fieldStart, write, false);
                return afterQuote();
            }
            int n = sequence();
            int units = n == 4 ? 2 : 1;
            if (pos - start + correction + units > cap) {
                return cutInQuotes(QUOTED);
            }
            correction += units - n;
            System.arraycopy(buffer, pos, buffer, write, n);
            write += n;
            pos += n;
        }
    }

    /** After a closing quote: whitespace, then a comma, a line end or the end of the file. */
    private int afterQuote() throws IOException {
        while (true) {
            if (pos == end && !more()) {
                contentEnd = pos - start;
                return LINE_END;
            }
            byte c = buffer[pos];
            if (c == '\n' || c == '\r') {
                contentEnd = pos - start;
                lineEnd(c);
                pos++;
                return LINE_END;
            }
            if (pos >= capAt()) {
                // the cap cuts before a comma or anything else: a last field of nothing but the cut
                return cutAt(pos, pos, AFTER_QUOTE);
            }
            if (c == ',') {
                pos++;
                return COMMA;
            }
            int n = c >= 0 ? 1 : sequence();
            int codePoint = n == 1 ? c : new String(buffer, pos, n, StandardCharsets.UTF_8).codePointAt(0);
            if (!Character.isWhitespace(codePoint)) {
                throw new InvalidInputException("the feed is not readable UTF-8 CSV: the row starting on line " + recordLine
                        + " has a character between a closing quote and the next comma");
            }
            int units = n == 4 ? 2 : 1;
            if (pos - start + correction + units > cap) {
                return cutAt(pos, pos, AFTER_QUOTE);
            }
            correction += units - n;
            pos += n;
        }
    }

    /** A cut inside quotes: the value so far (with the quote just read, when it was the first of ""), then the cut. */
    private int cutInQuotes(int state) throws IOException {
        if (state == QUOTE_SEEN) {
            buffer[write++] = '"';
        }
        return cutAt(fieldStart, write, state);
    }

    /**
     * Ends the record at the cap: its last field runs from..upto (trimmed at its start only: the cut follows
     * it), then skips the rest of the record, from pos, following its quoting from state.
     */
    private int cutAt(int valueFrom, int upto, int state) throws IOException {
        while (valueFrom < upto && (buffer[valueFrom] & 0xFF) <= ' ') {
            valueFrom++;
        }
        addField(valueFrom, upto, false);
        from[count - 1] = valueFrom - start;
        to[count - 1] = upto - start;
        cut = true;
        // the fields are kept up to here (at most the cap); what follows is read and dropped
        kept = Arrays.copyOfRange(buffer, start, upto);
        skipRest(state);
        return CUT;
    }

    /** Reads to the end of the record, following its quoting, keeping nothing. */
    private void skipRest(int state) throws IOException {
        while (true) {
            start = pos; // nothing of the record is kept from here on
            if (pos == end && !more()) {
                if (state == QUOTED) {
                    throw neverClosed();
                }
                return;
            }
            byte c = buffer[pos];
            if (c < 0) {
                int n = sequence(); // may move the buffer, and pos with it
                pos += n;
                if (state == FIELD_START) {
                    state = UNQUOTED;
                }
                continue;
            }
            pos++;
            if (c == '\n') {
                line++;
            }
            if (state == QUOTED) {
                if (c == '"') {
                    state = QUOTE_SEEN;
                }
                continue;
            }
            if (state == QUOTE_SEEN) {
                if (c == '"') {
                    state = QUOTED;
                    continue;
                }
                state = AFTER_QUOTE;
            }
            if (c == ',') {
                state = FIELD_START;
            } else if (c == '\n' || c == '\r') {
                recordLine = line;
                return;
            } else if (state == FIELD_START) {
                state = c == '"' ? QUOTED : UNQUOTED;
            }
        }
    }

    private void addField(int valueFrom, int valueTo, boolean trim) {
        if (count == from.length) {
            from = Arrays.copyOf(from, count * 2);
            to = Arrays.copyOf(to, count * 2);
        }
        if (trim) {
            int f = valueFrom;
            int t = valueTo;
            byte[] b = buffer;
            while (f < t && (b[f] & 0xFF) <= ' ') {
                f++;
            }
            while (t > f && (b[t - 1] & 0xFF) <= ' ') {
                t--;
            }
            if (f != valueFrom || t != valueTo || (f == t ? count == 0 : (b[f] & 0xFF) <= '#')) {
                plain = false; // printed trimmed, or quoted: an empty first field, or one starting with a character up to #
            }
            valueFrom = f;
            valueTo = t;
        } else {
            // a quoted field's value, trimmed as Commons CSV trims every value
            while (valueFrom < valueTo && (buffer[valueFrom] & 0xFF) <= ' ') {
                valueFrom++;
            }
            while (valueTo > valueFrom && (buffer[valueTo - 1] & 0xFF) <= ' ') {
                valueTo--;
            }
        }
        from[count] = valueFrom - start;
        to[count] = valueTo - start;
        count++;
    }

    private void lineEnd(byte c) {
        if (c == '\n') {
            line++;
        }
        recordLine = line;
    }

    private InvalidInputException neverClosed() {
        return new InvalidInputException("the feed is not readable UTF-8 CSV: the row starting on line " + recordLine
                + " opens a quote that is never closed: it runs to the end of the file, swallowing every row after it");
    }

    /**
     * The length of the UTF-8 character at pos (not ASCII), checked as the JDK's decoder checks it (no overlong
     * form, no surrogate, nothing past U+10FFFF); a U+FFFF is made U+FFFD in place.
     */
    private int sequence() throws IOException {
        while (end - pos < 4 && more()) {
            // the whole character in the buffer
        }
        int b0 = buffer[pos] & 0xFF;
        int n = b0 < 0xC2 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF5 ? 4 : 0;
        if (n == 0 || pos + n > end) {
            throw notUtf8();
        }
        int b1 = buffer[pos + 1] & 0xFF;
        int low = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
        int high = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
        if (b1 < low || b1 > high) {
            throw notUtf8();
        }
        for (int i = 2; i < n; i++) {
            if ((buffer[pos + i] & 0xC0) != 0x80) {
                throw notUtf8();
            }
        }
        if (n == 3 && b0 == 0xEF && b1 == 0xBF && buffer[pos + 2] == (byte) 0xBF) {
            buffer[pos + 2] = (byte) 0xBD;
        }
        return n;
    }

    private InvalidInputException notUtf8() {
        return new InvalidInputException("the feed is not readable UTF-8 CSV: bytes that are not UTF-8 on line " + line);
    }

    /**
     * Reads more of the file, keeping the record from {@link #start} (moved to the front of the buffer, which
     * grows only for a record longer than it); false at the end of the file.
     */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        int shift = start;
        if (shift > 0) {
            System.arraycopy(buffer, shift, buffer, 0, end - shift);
            end -= shift;
            pos -= shift;
            fieldStart -= shift;
            write -= shift;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n;
        do {
            n = in.read(buffer, end, buffer.length - end);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }
}
