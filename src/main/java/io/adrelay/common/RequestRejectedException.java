package io.adrelay.common;

/** An inbound HTTP request refused (webhook or ops) before anything was stored: answered with its status and a JSON reason. */
public class RequestRejectedException extends RuntimeException {

    private final int status;

    public RequestRejectedException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
