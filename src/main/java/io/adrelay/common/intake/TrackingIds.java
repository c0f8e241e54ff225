package io.adrelay.common.intake;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of stored requests: UUIDs whose first 48 bits are the time they arrived (the layout of UUID
 * version 7), so request files sort by name in the order they came, and a restart resumes in it.
 * Ids made in the same millisecond count up in the next 12 bits (RFC 9562, method 1), so two
 * webhooks a microsecond apart still sort in arrival order.
 */
public final class TrackingIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COUNTER_MAX = 0xFFF;

    private static long lastMillis;
    private static int counter;

    private TrackingIds() {
    }

    public static String next() {
        long millis;
        int sequence;
        synchronized (TrackingIds.class) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                // a random start within the lower half leaves room to count up
                counter = RANDOM.nextInt(COUNTER_MAX / 2);
            } else if (++counter > COUNTER_MAX) {
                // 4,096 ids in one millisecond, or the clock went back: borrow the next millisecond
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
            sequence = counter;
        }
        return of(millis, sequence, RANDOM.nextLong());
    }

    /** A version-7 UUID from a time and random bits; the same inputs give the same id. */
    public static String of(long epochMillis, long randomHigh, long randomLow) {
        long most = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long least = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
