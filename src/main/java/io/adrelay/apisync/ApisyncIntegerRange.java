package io.adrelay.apisync;

import java.math.BigInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An integer attribute's accepted range, checked on the exact value: JSON numbers of any size
 * arrive as BigIntegers, so nothing wraps around the way asInt()/asLong() do.
 */
record ApisyncIntegerRange(long min, long max, String expected) {

    /** Years: the spec's "4 digits". */
    static final ApisyncIntegerRange YEAR = new ApisyncIntegerRange(1000, 9999, "an integer of 4 digits (1000 to 9999)");
    /** An image's place in the gallery: the spec's integer, 1 being the cover image. */
    static final ApisyncIntegerRange IMAGE_ORDER = new ApisyncIntegerRange(1, Integer.MAX_VALUE,
            "an integer from 1 (1 is the cover image) to " + Integer.MAX_VALUE);
    /** Cents: the spec only says integer, so the widest integer every client handles: signed 64-bit. */
    static final ApisyncIntegerRange AMOUNT = new ApisyncIntegerRange(1, Long.MAX_VALUE,
            "an integer from 1 to " + Long.MAX_VALUE + " (signed 64-bit)");

    /** The problem with the value, named after the attribute; null when it is an integer in range. */
    String problem(String name, JsonNode value) {
        if (value.isIntegralNumber()) {
            BigInteger n = value.bigIntegerValue();
            boolean inRange = n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0;
            return inRange ? null : name + " must be " + expected + ", got " + n;
        }
        return name + " must be " + expected + ", got " + describe(value);
    }

    private static String describe(JsonNode value) {
        if (value.isNumber()) {
            return "the decimal " + value;
        }
        if (value.isTextual()) {
            return "the text " + value;
        }
        if (value.isBoolean()) {
            return "the boolean " + value;
        }
        return value.isNull() ? "null" : value.isArray() ? "an array" : "an object";
    }
}
