package io.adrelay.common.http;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's open connections, bounded so that slow or idle clients cannot take it:
 * <ul>
 * <li>a client gets the header timeout to send a request's headers, from its connect or from the end of
 *     the previous answer on a kept-alive connection;</li>
 * <li>at most {@code maxConnections} sockets are held: at the bound the server stops accepting, and new
 *     connections wait in the kernel's queue, which costs no file descriptor, until one closes;</li>
 * <li>so that one does close, from three quarters of the bound a new connection closes the one that has
 *     waited longest on its client (sending a request, or idle between two). A connection adrelay owes an
 *     answer is never cut for another; only when all are owed one is the newcomer closed.</li>
 * </ul>
 * Two Netty handlers do it: one on the server channel sees each accepted socket before Vert.x sets it
 * up; one per connection, between Vert.x's request decoder and its connection handler, sees a
 * request's head, the end of its body and the end of the answer, and nothing else.
 */
final class HttpConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnections.class);
    private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

    private final Vertx vertx;
    private final HttpServerLimits limits;
    /** From this many set-up connections on, a new one makes room by closing the one waiting longest on its client. */
    private final int makeRoomFrom;
    /** Sockets accepted and not yet closed, set up or not: what holds file descriptors. */
    private final AtomicInteger sockets = new AtomicInteger();
    private final AtomicBoolean gateInstalled = new AtomicBoolean();
    private volatile Channel serverChannel;
    private final Set<Tracked> open = new HashSet<>();
    /** The connections waiting on their client, in the order they started waiting (oldest first), with when that was. */
    private final LinkedHashMap<Tracked, Long> waiting = new LinkedHashMap<>();
    private long sweeper = -1;
    private long closedForRoom;
    private long refused;
    private long timedOut;
    private long lastReport = System.nanoTime();

    HttpConnections(Vertx vertx, HttpServerLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
        this.makeRoomFrom = Math.max(1, limits.maxConnections() - Math.max(1, limits.maxConnections() / 4));
    }

    /** Closes connections whose headers are late, a few times per header timeout. */
    void start() {
        long period = limits.headerTimeoutMs() > 0 ? Math.max(50, Math.min(1000, limits.headerTimeoutMs() / 8)) : 1000;
        sweeper = vertx.setPeriodic(period, id -> sweep());
    }

    void stop() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
            sweeper = -1;
        }
    }

    /** Vert.x's connection handler: on the connection's event loop, before any of its bytes is read. */
    void accepted(HttpConnection connection) {
        // ConnectionBase is Vert.x's own (io.vertx.core.net.impl): the one way to the connection's Netty channel
        Channel channel = ((ConnectionBase) connection).channel();
        if (channel.parent() != null && gateInstalled.compareAndSet(false, true)) {
            // Vert.x does not show its server channel: it is the parent of the first connection
            serverChannel = channel.parent();
            serverChannel.pipeline().addFirst("adrelay-accept", new AcceptGate());
        }
        Tracked tracked = new Tracked(channel);
        Channel toClose = null;
        synchronized (this) {
            if (open.size() >= makeRoomFrom) {
                Iterator<Tracked> oldest = waiting.keySet().iterator();
                if (oldest.hasNext()) {
                    Tracked longestWaiting = oldest.next();
                    oldest.remove();
                    open.remove(longestWaiting);
                    toClose = longestWaiting.channel;
                    closedForRoom++;
                } else {
                    refused++;
                    toClose = channel;
                }
            }
            if (toClose != channel) {
                open.add(tracked);
                waiting.put(tracked, System.nanoTime());
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        if (toClose != channel) {
            channel.pipeline().addBefore("handler", "adrelay-connection", tracked);
            channel.closeFuture().addListener(closed -> forget(tracked));
        }
    }

    /** Closes the connections whose request headers are late; says once a minute what the bound did. */
    private void sweep() {
        acceptIfBelowBound();
        long now = System.nanoTime();
        long timeout = limits.headerTimeoutMs() * 1_000_000;
        String report = null;
        synchronized (this) {
            if (timeout > 0) {
                for (Iterator<Map.Entry<Tracked, Long>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Tracked, Long> entry = it.next();
                    if (now - entry.getValue() < timeout) {
                        break;
                    }
                    if (entry.getKey().headersDue) {
                        it.remove();
                        timedOut++;
                        entry.getKey().channel.close();
                    }
                }
            }
            if (now - lastReport >= REPORT_EVERY_NANOS && closedForRoom + refused > 0) {
                report = "HTTP server near its bound of " + limits.maxConnections() + " connections in the last minute: closed " + closedForRoom
                        + " that waited longest on their client to let new ones in, refused " + refused + " (all others were being"
                        + " answered); " + timedOut + " closed for headers not sent within " + limits.headerTimeoutMs() + " ms";
                closedForRoom = 0;
                refused = 0;
                timedOut = 0;
                lastReport = now;
            }
        }
        if (report != null) {
            LOG.warn(report);
        }
    }

    /** Accepting again once a socket is free (also from the sweep, should a close and a pause have crossed). */
    private void acceptIfBelowBound() {
        Channel server = serverChannel;
        if (server != null && server.isOpen() && sockets.get() < limits.maxConnections() && !server.config().isAutoRead()) {
            server.config().setAutoRead(true);
        }
    }

    /** On the server channel: counts each accepted socket until it closes, and stops accepting at the bound. */
    private final class AcceptGate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                if (sockets.incrementAndGet() >= limits.maxConnections()) {
                    ctx.channel().config().setAutoRead(false);
                }
                accepted.closeFuture().addListener(closed -> {
                    sockets.decrementAndGet();
                    acceptIfBelowBound();
                });
            }
            ctx.fireChannelRead(msg);
        }
    }

    private synchronized void forget(Tracked tracked) {
        open.remove(tracked);
        waiting.remove(tracked);
    }

    /** It waits on its client again: for the headers of its next request when {@code headersDue}, else for the rest of one. */
    private synchronized void waitsOnClient(Tracked tracked) {
        if (open.contains(tracked)) {
            waiting.remove(tracked);
            waiting.put(tracked, System.nanoTime());
        }
    }

    private synchronized void owedAnAnswer(Tracked tracked) {
        waiting.remove(tracked);
    }

    /** One connection's requests and answers, as its event loop sees them go by. */
    private final class Tracked extends ChannelDuplexHandler {
        final Channel channel;
        /** Requests whose head, whose end, whose answer's end went by. */
        private int heads;
        private int ends;
        private int answered;
        /** No request is under way: the next one's headers are awaited (read under the registry's lock by the sweep). */
        volatile boolean headersDue = true;

        Tracked(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                heads++;
                headersDue = false;
            }
            if (msg instanceof LastHttpContent) {
                ends++;
                owedAnAnswer(this);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean informational = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !informational) {
                answered++;
                if (answered >= ends) {
                    headersDue = heads <= answered;
                    waitsOnClient(this);
                }
            }
            ctx.write(msg, promise);
        }
    }
}
