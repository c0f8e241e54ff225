package io.adrelay.snap;

import java.io.IOException;
import java.io.Reader;

/**
 * Stands between a decoded feed and the CSV parser so the parser never sees a record (a row: all
 * its fields, line breaks inside quotes included) longer than a cap. Commons CSV builds each field
 * as one String whatever its size, so without this a 200 MB field costs 200 MB of heap or more.
 * <p>
 * The reader follows the quoting of CSVFormat.DEFAULT (comma; a field starting with a double quote
 * runs to the next lone one, "" inside it is a quote; CR, LF or CRLF outside quotes ends a record).
 * Once a record passes the cap it ends that record itself, closing an open quote, with {@link #MARK}
 * as the last character of its last field, and reads the rest of the record without passing it on.
 * The parser thus sees a short row ending in MARK, which the validator refuses, and every row after
 * it unchanged.
 * <p>
 * Only that row is refused, not the file, as for any other bad row: its neighbours are fine. The
 * exception is a quote still open at the end of the file: it swallowed every row after it, so the
 * read fails, as the parser would fail it. A U+FFFF in the feed (a noncharacter, meaningless in a
 * product feed) is passed on as U+FFFD, so MARK comes from a cut and nothing else.
 */
final class CappedRecordReader extends Reader {

    /** The last character of a record cut at the cap. */
    static final char MARK = '\uFFFF';

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    /** A quote inside a quoted field: the end of the field, or the first of "". */
    private static final int QUOTE_SEEN = 3;
    /** After the closing quote, before the comma or line end. */
    private static final int AFTER_QUOTE = 4;

    private final Reader in;
    private final int cap;
    private final char[] buffer = new char[1 << 13];
    private int pos;
    private int end;
    private int state = FIELD_START;
    private int recordChars;
    private boolean skipping;
    /** What a cut still has to pass on (at most 4 characters). */
    private final char[] closing = new char[4];
    private int closingPos;
    private int closingEnd;
    private long line = 1;
    private long recordLine = 1;

    CappedRecordReader(Reader in, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive: " + cap);
        }
        this.in = in;
        this.cap = cap;
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            if (closingPos < closingEnd) {
                out[off + n++] = closing[closingPos++];
                continue;
            }
            if (pos == end) {
                if (n > 0) {
                    return n; // don't block for more while there is something to give
                }
                if (!fill()) {
                    return -1;
                }
            }
            if (state != QUOTE_SEEN && state != AFTER_QUOTE) {
                // most of a feed: runs that only a quote, line end or MARK can end, passed on (or skipped) at once
                int max = skipping ? end - pos : Math.min(end - pos, Math.min(len - n, cap - recordChars));
                int from = pos;
                int stop = pos + max;
                if (state == QUOTED) {
                    while (pos < stop && inQuotes(buffer[pos])) {
                        pos++;
                    }
                } else {
                    while (pos < stop && outsideQuotes(buffer[pos])) {
                        pos++;
                    }
                }
                int run = pos - from;
                if (run > 0) {
                    if (state != QUOTED) {
                        state = buffer[pos - 1] == ',' ? FIELD_START : UNQUOTED;
                    }
                    if (!skipping) {
                        System.arraycopy(buffer, from, out, off + n, run);
                        n += run;
                        recordChars += run;
                    }
                    continue;
                }
            }
            char c = buffer[pos++];
            if (c == MARK) {
                c = '\uFFFD';
            }
            if (c == '\n') {
                line++;
            }
            int was = state;
            boolean recordEnds = false;
            switch (state) {
                case QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_SEEN;
                    }
                }
                case QUOTE_SEEN -> {
                    if (c == '"') {
                        state = QUOTED;
                    } else {
                        state = AFTER_QUOTE;
                        recordEnds = step(c);
                    }
                }
                default -> recordEnds = step(c);
            }
            if (recordEnds) {
                recordChars = 0;
                recordLine = line;
                if (skipping) {
                    skipping = false; // the cut already ended the record
                    continue;
                }
            } else if (!skipping && ++recordChars > cap) {
                cut(was);
                skipping = true;
            }
            if (!skipping) {
                out[off + n++] = c;
            }
        }
        return n;
    }

    /** A character that can only make an unquoted field longer or start a new one (as the run ends on a quote). */
    private static boolean outsideQuotes(char c) {
        return c > '"' ? c != MARK : c != '"' && c != '\n' && c != '\r';
    }

    /** A character that can only make a quoted field longer (line feeds are counted one by one). */
    private static boolean inQuotes(char c) {
        return c > '"' ? c != MARK : c != '"' && c != '\n';
    }

    /** The state after c outside quotes; true when c ends the record. */
    private boolean step(char c) {
        if (c == ',') {
            state = FIELD_START;
        } else if (c == '\n' || c == '\r') {
            state = FIELD_START;
            return true;
        } else if (state == FIELD_START) {
            state = c == '"' ? QUOTED : UNQUOTED;
        }
        return false;
    }

    /** Ends the record for the parser so that MARK is the last character of its last field. */
    private void cut(int at) {
        String tail = switch (at) {
            case QUOTED -> MARK + "\"\n";
            // the quote passed on may be the end of the field: doubling it makes it a quote in the field either way
            case QUOTE_SEEN -> "\"" + MARK + "\"\n";
            // a character after the closing quote would be an error: start a field for the MARK
            case AFTER_QUOTE -> "," + MARK + "\n";
            default -> MARK + "\n";
        };
        tail.getChars(0, tail.length(), closing, 0);
        closingPos = 0;
        closingEnd = tail.length();
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read > 0) {
            pos = 0;
            end = read;
            return true;
        }
        if (skipping && state == QUOTED) {
            throw new IOException("the row starting on line " + recordLine + " opens a quote that is never closed: "
                    + "it runs to the end of the file, swallowing every row after it");
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
