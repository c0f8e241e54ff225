package io.adrelay.common.intake;

/**
 * An inbound HTTP request refused (webhook or ops) before anything was stored: answered with its status and a JSON
 * reason. Without a stack trace: a refusal is an answer, not a failure of adrelay's, and a sender refused at a high
 * rate (a full queue's 503s) should not pay for filling one in.
 */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final transient Object details;
    private int retryAfterSeconds;

    public RequestRejectedException(int status, String reason) {
        this(status, reason, null);
    }

    /** With details answered beside the reason, e.g. every problem of every invalid record. */
    public RequestRejectedException(int status, String reason, Object details) {
        super(reason, null, false, false);
        this.status = status;
        this.details = details;
    }

    /** Tells the sender when to try again (a 503 of a full queue or disk). */
    public RequestRejectedException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public int status() {
        return status;
    }

    public Object details() {
        return details;
    }

    /** Seconds for the Retry-After header; 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
