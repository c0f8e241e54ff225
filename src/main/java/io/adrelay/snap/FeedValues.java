package io.adrelay.snap;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The rules on a feed's values, read from their UTF-8 bytes (from..to of an array) instead of a String: each
 * gives what the validator's former String rule gave (the regular expressions and set lookups named below).
 */
final class FeedValues {

    private static final byte[][] AVAILABILITY = bytes(SnapFeedValidator.AVAILABILITY);
    private static final byte[][] CONDITION = bytes(SnapFeedValidator.CONDITION);
    /** ISO 4217 codes by their letters: (c1 - 'A') * 676 + (c2 - 'A') * 26 + (c3 - 'A'). */
    private static final boolean[] CURRENCY = new boolean[26 * 26 * 26];

    static {
        for (String code : SnapFeedValidator.CURRENCIES) {
            if (code.length() == 3 && code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                CURRENCY[(code.charAt(0) - 'A') * 676 + (code.charAt(1) - 'A') * 26 + (code.charAt(2) - 'A')] = true;
            }
        }
    }

    private FeedValues() {
    }

    /** Characters (code points): every byte that does not continue a UTF-8 sequence. */
    static int codePoints(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    /** More than max characters ({@link FeedFieldLimits#over}). */
    static boolean over(byte[] b, int from, int to, int max) {
        return to - from > max && codePoints(b, from, to) > max;
    }

    /** http:// or https://, more than 10 UTF-16 characters, no space. */
    static boolean isHttp(byte[] b, int from, int to) {
        // the scheme compared byte by byte: two calls of Arrays.equals were most of this check, twice a row
        if (to - from < "http://".length() || b[from] != 'h' || b[from + 1] != 't' || b[from + 2] != 't' || b[from + 3] != 'p') {
            return false;
        }
        int colon = b[from + 4] == 's' ? from + 5 : from + 4;
        if (to - colon < 3 || b[colon] != ':' || b[colon + 1] != '/' || b[colon + 2] != '/') {
            return false;
        }
        int bits = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == ' ') {
                return false;
            }
            bits |= b[i];
        }
        return bits >= 0 ? to - from > 10 : utf16Length(b, from, to) > 10;
    }

    /** A UTF-16 unit per character, two for one of 4 bytes (lead byte 0xF0 to 0xF4). */
    private static int utf16Length(byte[] b, int from, int to) {
        int units = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                units += (b[i] & 0xF8) == 0xF0 ? 2 : 1;
            }
        }
        return units;
    }

    /** One of the availabilities, in any case. */
    static boolean isAvailability(byte[] b, int from, int to) {
        return oneOf(b, from, to, AVAILABILITY, SnapFeedValidator.AVAILABILITY);
    }

    static boolean isCondition(byte[] b, int from, int to) {
        return oneOf(b, from, to, CONDITION, SnapFeedValidator.CONDITION);
    }

    /**
     * The price's end when it matches {@code (\d+(?:\.\d{1,2})?) ([A-Z]{3})} (ASCII digits and letters, as Java's
     * regular expressions read them): the offset of its currency; -1 when it does not.
     */
    static int priceCurrency(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isDigit(b[i])) {
            i++;
        }
        if (i == from) {
            return -1;
        }
        if (i < to && b[i] == '.') {
            int decimals = ++i;
            while (i < to && isDigit(b[i]) && i - decimals < 2) {
                i++;
            }
            if (i == decimals) {
                return -1;
            }
        }
        if (to - i != 4 || b[i] != ' ') {
            return -1;
        }
        for (int j = i + 1; j < to; j++) {
            if (b[j] < 'A' || b[j] > 'Z') {
                return -1;
            }
        }
        return i + 1;
    }

    /** The three capital letters at from are an ISO 4217 code. */
    static boolean isCurrency(byte[] b, int from) {
        return CURRENCY[(b[from] - 'A') * 676 + (b[from + 1] - 'A') * 26 + (b[from + 2] - 'A')];
    }

    /** {@code \d{8}|\d{12,14}}. */
    static boolean isGtin(byte[] b, int from, int to) {
        int n = to - from;
        if (n != 8 && (n < 12 || n > 14)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The value lower-cased is in the set. A value equal to one of the set's (lower-case) values is compared as
     * bytes; any other that holds a capital or a non-ASCII byte goes through String.toLowerCase, as before, so
     * that its locale's and Unicode's rules still decide.
     */
    private static boolean oneOf(byte[] b, int from, int to, byte[][] lowerCase, Set<String> set) {
        for (byte[] candidate : lowerCase) {
            if (candidate.length == to - from && same(candidate, b, from)) {
                return true;
            }
        }
        for (int i = from; i < to; i++) {
            if (b[i] < 0 || (b[i] >= 'A' && b[i] <= 'Z')) {
                return set.contains(new String(b, from, to - from, StandardCharsets.UTF_8).toLowerCase());
            }
        }
        return false;
    }

    /** The candidate's bytes are at from (a loop: a call of Arrays.equals costs more for a few bytes). */
    private static boolean same(byte[] candidate, byte[] b, int from) {
        for (int i = 0; i < candidate.length; i++) {
            if (candidate[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] bytes(Set<String> values) {
        return values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}
