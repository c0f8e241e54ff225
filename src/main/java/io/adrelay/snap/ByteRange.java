package io.adrelay.snap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a Range header asks of a file, read as RFC 9110 14.1.2 says: a last byte or a
 * suffix beyond the file means "to the end", a first byte beyond it cannot be served. Numbers too
 * large for a long count as "beyond any file" rather than failing, so no header can cause a 500.
 */
record ByteRange(long start, long end) {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** Why a Range header cannot be served; the caller answers 416 with this message. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    long length() {
        return end - start + 1;
    }

    static ByteRange of(String header, long size) throws Unsatisfiable {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw new Unsatisfiable("only one byte range is supported, e.g. bytes=0-1023");
        }
        long start;
        long end = size - 1;
        if (m.group(1).isEmpty()) {
            start = Math.max(0, size - number(m.group(2)));
        } else {
            start = number(m.group(1));
            end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, number(m.group(2)));
        }
        if (start >= size || start > end) {
            throw new Unsatisfiable("range outside the feed's " + size + " bytes");
        }
        return new ByteRange(start, end);
    }

    /** Digits as a long, Long.MAX_VALUE when they overflow one (larger than any file anyway). */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }
}
