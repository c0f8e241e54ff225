package io.adrelay.common.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import io.adrelay.common.config.Settings;

/**
 * How long the HTTP server waits for its clients and how many it holds at once.
 *
 * @param headerTimeoutMs  a client has this long to send a request's headers, from its connect or from the end of
 *                         the previous answer on a kept-alive connection; 0 for no limit
 * @param idleTimeoutMs    a connection on which nothing is read or written for this long is closed; 0 for no limit
 * @param maxConnections   the connections held at once: the configured bound, lowered so that client sockets take at
 *                         most half the process's file descriptors and accepting never fails with "Too many open files"
 * @param configuredMaxConnections adrelay.http.max-connections as set
 * @param descriptorLimit  the process's file descriptor limit (ulimit -n), -1 where the platform does not tell
 */
public record HttpServerLimits(long headerTimeoutMs, long idleTimeoutMs, int maxConnections, int configuredMaxConnections,
                               long descriptorLimit) {

    /**
     * Descriptors of closed sockets Netty may not have freed yet: the JDK frees a closed socket's descriptor at
     * its selector's next select, which Netty forces after 256 cancelled keys (NioEventLoop's cleanup interval).
     */
    static final int CLOSED_NOT_YET_FREED = 256 + 16;

    public static HttpServerLimits of(Settings settings) {
        int configured = settings.getInt("adrelay.http.max-connections");
        long descriptors = processDescriptorLimit();
        int max = configured;
        // client sockets, open or closed and not yet freed, take at most half the descriptors; the other half is for
        // the data dir's files, outbound connections and the JVM itself
        long room = descriptors / 2 - CLOSED_NOT_YET_FREED;
        if (descriptors > 0 && room < configured) {
            max = (int) Math.max(16, room);
        }
        return new HttpServerLimits(settings.getLong("adrelay.http.header-timeout-ms"), settings.getLong("adrelay.http.idle-timeout-ms"),
                max, configured, descriptors);
    }

    /** The most file descriptors this process may have open, -1 when the platform does not say. */
    static long processDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** One line for the start-up log. */
    String describe() {
        String bound = maxConnections < configuredMaxConnections
                ? maxConnections + " connections (client sockets within half the " + descriptorLimit + " file descriptors this process"
                        + " may open; adrelay.http.max-connections is " + configuredMaxConnections + ")"
                : maxConnections + " connections";
        return "at most " + bound + "; request headers " + (headerTimeoutMs > 0 ? "within " + duration(headerTimeoutMs) : "without time limit")
                + "; idle connections " + (idleTimeoutMs > 0 ? "closed after " + duration(idleTimeoutMs) : "kept");
    }

    private static String duration(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
