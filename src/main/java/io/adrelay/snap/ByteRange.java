package io.adrelay.snap;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a Range header asks of a file, read as RFC 9110 14.1 and 14.2 say. A header
 * that is no valid byte range (another unit, a last byte before the first, no number) is ignored, and
 * so is one asking for several ranges (serving multipart/byteranges is optional): the whole file is
 * served. A last byte or a suffix beyond the file means "to the end"; a first byte beyond it, or an
 * empty suffix, cannot be served (416). Numbers too large for a long count as "beyond any file"
 * rather than failing, so no header can cause a 500.
 */
record ByteRange(long start, long end) {

    /** The unit is case-insensitive; one range only (a comma makes it several, ignored). */
    private static final Pattern RANGE = Pattern.compile("(?i)bytes=(\\d*)-(\\d*)");

    /** Why a Range header cannot be served; the caller answers 416 with this message. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    long length() {
        return end - start + 1;
    }

    /** The range to serve, or empty when the header is to be ignored (serve the whole file). */
    static Optional<ByteRange> of(String header, long size) throws Unsatisfiable {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = number(m.group(2));
            if (suffix == 0 || size == 0) {
                throw outside(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = number(m.group(1));
        if (!m.group(2).isEmpty() && number(m.group(2)) < start) {
            // a last byte before the first is no valid range at all (RFC 9110 14.1.1), not an unsatisfiable one
            return Optional.empty();
        }
        if (start >= size) {
            throw outside(size);
        }
        long end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, number(m.group(2)));
        return Optional.of(new ByteRange(start, end));
    }

    private static Unsatisfiable outside(long size) {
        return new Unsatisfiable("range outside the feed's " + size + " bytes");
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
