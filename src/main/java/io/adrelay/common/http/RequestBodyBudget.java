package io.adrelay.common.http;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The bytes of request bodies the server may hold at once. A body is read whole into memory before any
 * route looks at it (up to camel.server.max-body-size), so without a bound 40 senders of 10 MiB each
 * run a 256 MiB heap out before one of them is even authenticated. Each request reserves its declared
 * length (a chunked one the largest body the server takes) before its body is read, and gives it back
 * when its answer is sent; one that does not fit is answered 503 with Retry-After, unread.
 */
final class RequestBodyBudget {

    private final long max;
    private final long maxBody;
    private final AtomicLong reserved = new AtomicLong();

    /**
     * @param max     bytes of bodies in flight (adrelay.http.bodies-in-flight-bytes)
     * @param maxBody the largest body the server takes (camel.server.max-body-size; 0: no limit)
     */
    RequestBodyBudget(long max, long maxBody) {
        this.max = max;
        this.maxBody = maxBody;
    }

    /**
     * The bytes reserved for the request's body: 0 when it has none, or when it is larger than the
     * server takes (the server refuses it with 413 unread); -1 when it does not fit now.
     */
    long reserve(HttpServerRequest request) {
        long size = declared(request);
        if (size <= 0) {
            return 0;
        }
        for (long now = reserved.get(); ; now = reserved.get()) {
            // a body larger than the whole budget still gets through alone, else it could never be sent
            if (now > 0 && now + size > max) {
                return -1;
            }
            if (reserved.compareAndSet(now, now + size)) {
                return size;
            }
        }
    }

    void release(long size) {
        if (size > 0) {
            reserved.addAndGet(-size);
        }
    }

    private long declared(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long size = Long.parseLong(length.trim());
                return maxBody > 0 && size > maxBody ? 0 : size;
            } catch (NumberFormatException notANumber) {
                return 0; // the server refuses the request itself
            }
        }
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING));
        return chunked ? (maxBody > 0 ? maxBody : max) : 0;
    }
}
