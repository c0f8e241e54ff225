package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void servesFirstLastAndSuffixRanges() throws Exception {
        assertEquals(range(0, 9), ByteRange.of("bytes=0-9", 100));
        assertEquals(range(90, 99), ByteRange.of("bytes=90-", 100));
        assertEquals(range(95, 99), ByteRange.of("bytes=-5", 100));
        assertEquals(10, ByteRange.of(" bytes=5-14 ", 100).orElseThrow().length());
        // the range unit is case-insensitive (RFC 9110 14.1)
        assertEquals(range(0, 9), ByteRange.of("Bytes=0-9", 100));
    }

    @Test
    void aLastByteOrSuffixBeyondTheFileMeansToTheEnd() throws Exception {
        assertEquals(range(10, 99), ByteRange.of("bytes=10-500", 100));
        assertEquals(range(0, 99), ByteRange.of("bytes=-500", 100));
        // too large for a long: still "to the end" (RFC 9110), not a NumberFormatException
        assertEquals(range(10, 99), ByteRange.of("bytes=10-99999999999999999999", 100));
        assertEquals(range(0, 99), ByteRange.of("bytes=-99999999999999999999", 100));
    }

    @Test
    void aFirstByteBeyondTheFileIsUnsatisfiable() {
        assertRefused("bytes=100-", "range outside the feed's 100 bytes");
        assertRefused("bytes=99999999999999999999-", "range outside the feed's 100 bytes");
        assertRefused("bytes=99999999999999999999-99999999999999999999", "range outside the feed's 100 bytes");
        assertRefused("bytes=9223372036854775807-", "range outside the feed's 100 bytes");
        assertRefused("bytes=-0", "range outside the feed's 100 bytes");
    }

    /** RFC 9110 14.2: a server ignores a Range it does not understand; serving one of several ranges is not required. */
    @Test
    void anInvalidRangeOrSeveralRangesAreIgnored() throws Exception {
        for (String header : new String[] {"bytes=20-10", "bytes=5-3", "items=0-9", "bytes=-", "bytes=", "", "bytes=-1-2", "bytes=a-b",
                "bytes=0-1,5-9", "bytes=0-1, 5-6", "bytes=100-,200-", "bytes 0-9"}) {
            assertEquals(Optional.empty(), ByteRange.of(header, 100), header);
        }
    }

    @Test
    void anEmptyFileHasNoRange() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=0-", 0));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=-5", 0));
    }

    private static Optional<ByteRange> range(long start, long end) {
        return Optional.of(new ByteRange(start, end));
    }

    private static void assertRefused(String header, String reason) {
        assertEquals(reason, assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of(header, 100)).getMessage(), header);
    }
}
