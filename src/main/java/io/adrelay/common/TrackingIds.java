package io.adrelay.common;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of stored requests: UUIDs whose first 48 bits are the time they arrived (the layout of UUID
 * version 7), so request files sort by name in the order they came, and a restart resumes in it.
 */
public final class TrackingIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TrackingIds() {
    }

    public static String next() {
        return of(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** A version-7 UUID from a time and random bits; the same inputs give the same id. */
    public static String of(long epochMillis, long randomHigh, long randomLow) {
        long most = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long least = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
