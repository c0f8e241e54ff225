package io.adrelay.sandbox;

import java.time.Duration;

/**
 * A misbehaviour a test asks a simulator for: an error status, a 429, a dropped connection (before or after the request took
 * effect), an answer held after the effect, an effect made late, a delay, a canned body.
 */
public record Fault(Kind kind, int status, long retryAfterSeconds, Duration delay, String contentType, String body) {

    public enum Kind { STATUS, TOO_MANY_REQUESTS, RESET, LOST_ANSWER, HOLD_ANSWER, ACT_LATE, DELAY, BODY }

    /** An error status with a body in the API's own error format. */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, 0, null, null, null);
    }

    public static Fault tooManyRequests(long retryAfterSeconds) {
        return new Fault(Kind.TOO_MANY_REQUESTS, 429, retryAfterSeconds, null, null, null);
    }

    /** The connection is closed without an answer. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, 0, null, null, null);
    }

    /** The request takes effect, but the connection is closed before the answer: did it happen or not? */
    public static Fault lostAnswer() {
        return new Fault(Kind.LOST_ANSWER, 0, 0, null, null, null);
    }

    /** The request takes effect at once, but its answer is held this long (past the client's read timeout, say). */
    public static Fault holdAnswer(Duration hold) {
        return new Fault(Kind.HOLD_ANSWER, 0, 0, hold, null, null);
    }

    /** The request is held this long, then takes effect, and the connection is closed unanswered: an API that acts late. */
    public static Fault actLate(Duration after) {
        return new Fault(Kind.ACT_LATE, 0, 0, after, null, null);
    }

    /** The request is answered normally, after the delay. */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, 0, delay, null, null);
    }

    public static Fault body(int status, String contentType, String body) {
        return new Fault(Kind.BODY, status, 0, null, contentType, body);
    }
}
