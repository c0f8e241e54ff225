package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void servesFirstLastAndSuffixRanges() throws Exception {
        assertEquals(new ByteRange(0, 9), ByteRange.of("bytes=0-9", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.of("bytes=90-", 100));
        assertEquals(new ByteRange(95, 99), ByteRange.of("bytes=-5", 100));
        assertEquals(10, ByteRange.of(" bytes=5-14 ", 100).length());
    }

    @Test
    void aLastByteOrSuffixBeyondTheFileMeansToTheEnd() throws Exception {
        assertEquals(new ByteRange(10, 99), ByteRange.of("bytes=10-500", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.of("bytes=-500", 100));
        // too large for a long: still "to the end" (RFC 9110), not a NumberFormatException
        assertEquals(new ByteRange(10, 99), ByteRange.of("bytes=10-99999999999999999999", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.of("bytes=-99999999999999999999", 100));
    }

    @Test
    void aFirstByteBeyondTheFileIsUnsatisfiable() {
        assertRefused("bytes=100-", "range outside the feed's 100 bytes");
        assertRefused("bytes=99999999999999999999-", "range outside the feed's 100 bytes");
        assertRefused("bytes=99999999999999999999-99999999999999999999", "range outside the feed's 100 bytes");
        assertRefused("bytes=9223372036854775807-", "range outside the feed's 100 bytes");
        assertRefused("bytes=-0", "range outside the feed's 100 bytes");
        assertRefused("bytes=20-10", "range outside the feed's 100 bytes");
    }

    @Test
    void onlyOneByteRangeIsUnderstood() {
        assertRefused("bytes=-", "only one byte range is supported, e.g. bytes=0-1023");
        assertRefused("bytes=0-1,5-9", "only one byte range is supported, e.g. bytes=0-1023");
        assertRefused("items=0-9", "only one byte range is supported, e.g. bytes=0-1023");
        assertRefused("bytes=-1-2", "only one byte range is supported, e.g. bytes=0-1023");
    }

    @Test
    void anEmptyFileHasNoRange() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=0-", 0));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=-5", 0));
    }

    private static void assertRefused(String header, String reason) {
        assertEquals(reason, assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of(header, 100)).getMessage(), header);
    }
}
