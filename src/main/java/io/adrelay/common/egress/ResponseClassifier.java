package io.adrelay.common.egress;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Sorts an HTTP response into ok, retry or final. 429, 5xx and Google Drive's 403 rate-limit
 * reasons are retried; every other 4xx is final and goes to the dead letter with the API's error.
 */
public final class ResponseClassifier {

    /** HTTP's delay-seconds: 1*DIGIT, here at most 18 digits (a long). */
    private static final Pattern DELAY_SECONDS = Pattern.compile("[0-9]{1,18}");

    public enum Outcome { OK, RETRY, FINAL }

    private ResponseClassifier() {
    }

    public static Outcome classify(int status, String body) {
        if (status >= 200 && status < 300) {
            return Outcome.OK;
        }
        if (status == 429 || status >= 500 || status == 408 || isDriveRateLimit(status, body)) {
            return Outcome.RETRY;
        }
        return Outcome.FINAL;
    }

    /** Drive answers 403 with reason userRateLimitExceeded/rateLimitExceeded when it means 429. */
    static boolean isDriveRateLimit(int status, String body) {
        return status == 403 && body != null
                && (body.contains("userRateLimitExceeded") || body.contains("rateLimitExceeded"));
    }

    /**
     * Parses Retry-After as delta seconds (digits only, as HTTP defines them) or an HTTP date; null, as if absent, when
     * it is neither (a negative number, a sign, a fraction), so the exponential backoff applies. A date in the past
     * means "now".
     */
    public static Duration parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (DELAY_SECONDS.matcher(v).matches()) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    /** Throws the classified error for a non-2xx response; returns quietly on 2xx. */
    public static void check(String api, int status, String retryAfterHeader, String body) {
        Outcome outcome = classify(status, body);
        if (outcome == Outcome.OK) {
            return;
        }
        ApiError error = ApiError.parse(status, body);
        Duration retryAfter = parseRetryAfter(retryAfterHeader, ZonedDateTime.now());
        throw new ApiCallException(api, error, outcome == Outcome.RETRY, retryAfter);
    }
}
