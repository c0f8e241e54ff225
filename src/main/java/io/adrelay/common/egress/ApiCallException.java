package io.adrelay.common.egress;

import java.time.Duration;

/** A call that an API answered with an error; retryable ones carry the server's Retry-After, if any. */
public class ApiCallException extends RuntimeException {

    private final ApiError error;
    private final boolean retryable;
    private final Duration retryAfter;

    public ApiCallException(String api, ApiError error, boolean retryable, Duration retryAfter) {
        super(api + " " + error.summary());
        this.error = error;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The ApiCallException in a failure's cause chain, or null. */
    public static ApiCallException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiCallException api) {
                return api;
            }
        }
        return null;
    }

    public ApiError error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The server's Retry-After, or null when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
