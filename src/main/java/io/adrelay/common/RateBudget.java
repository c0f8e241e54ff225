package io.adrelay.common;

/**
 * One API method class's request budget, from {@code <prefix>.throttle.requests} per
 * {@code <prefix>.throttle.period-ms}. The throttle's period carries a small margin: the server
 * counts arrivals, we count departures, and the two clocks differ by network jitter.
 */
public record RateBudget(int requests, long periodMillis) {

    public static RateBudget of(Settings settings, String prefix, int defaultRequests, long defaultPeriodMillis) {
        return new RateBudget(settings.getInt(prefix + ".throttle.requests", defaultRequests),
                settings.getLong(prefix + ".throttle.period-ms", defaultPeriodMillis));
    }

    /** The period to give Camel's throttle: 5 % longer, at least 100 ms. */
    public long throttlePeriodMillis() {
        return periodMillis + Math.max(100, periodMillis / 20);
    }
}
