package io.adrelay.common.egress;

/**
 * A call through an egress route that failed (the API's error, a reset, a timeout), carrying the
 * request as it was described for the dead letter, so a letter always says what was asked.
 */
public class EgressFailure extends RuntimeException {

    private final String request;

    public EgressFailure(String request, Throwable cause) {
        super(cause.getMessage(), cause);
        this.request = request;
    }

    public String request() {
        return request;
    }

    /** The request of the EgressFailure in a failure's cause chain, or null. */
    public static String requestIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EgressFailure egress) {
                return egress.request;
            }
        }
        return null;
    }
}
