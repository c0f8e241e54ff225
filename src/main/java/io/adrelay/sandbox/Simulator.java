package io.adrelay.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP server standing in for an outside API. Every request is journaled, gets a
 * pending injected fault first, then the API's rate limit (429 + Retry-After), then the
 * subclass's handler. Runs outside Camel: it is the outside world.
 */
public abstract class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final RequestJournal journal = new RequestJournal();
    private final FaultInjector faults = new FaultInjector();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    /** Starts on a random free port. */
    @SuppressWarnings("unchecked")
    public <T extends Simulator> T start() {
        return (T) start(0);
    }

    @SuppressWarnings("unchecked")
    public synchronized <T extends Simulator> T start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + getClass().getSimpleName(), e);
        }
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        LOG.info("{} listening on {}", getClass().getSimpleName(), baseUrl());
        return (T) this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public RequestJournal journal() {
        return journal;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** No request is being handled (a held or late one included): what it did is in the journal and the state. */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** The API's answer to a request that passed faults and rate limits. */
    protected abstract SimResponse handle(SimRequest request) throws Exception;

    /** The limiter this request counts against, or null for none (one per method class, say). */
    protected RateLimiter limiterFor(SimRequest request) {
        return null;
    }

    /** 429 in the API's own error format; the framework adds Retry-After. */
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return SimResponse.json(429, Map.of("error", "rate limit exceeded"));
    }

    /** An error status in the API's own error format (injected 5xx, unexpected failures). */
    protected SimResponse error(int status, String message) {
        return SimResponse.json(status, Map.of("error", message));
    }

    private void serve(HttpExchange http) throws IOException {
        inFlight.incrementAndGet();
        try {
            serveCounted(http);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serveCounted(HttpExchange http) throws IOException {
        byte[] body;
        try (InputStream in = http.getRequestBody()) {
            body = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(http.getRequestHeaders().getFirst("Content-Encoding"))) {
            // Google's client gzips its request bodies
            try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = unzipped.readAllBytes();
            }
        }
        SimRequest request = new SimRequest(http.getRequestMethod(), http.getRequestURI().getPath(),
                http.getRequestURI().getRawQuery(), http.getRequestHeaders(), body);
        SimResponse response = respond(request);
        journal.record(new JournalEntry(Instant.now(), request.method(), request.path(), request.rawQuery(),
                request.headers(), request.bodyAsString(), response == null ? 0 : response.status()));
        if (response == null) {
            // injected reset: a handler that throws makes the JDK server drop the connection unanswered
            throw new IllegalStateException("injected connection reset");
        }
        try (http) {
            response.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
            boolean noBody = response.body().length == 0 || "HEAD".equals(request.method());
            http.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private SimResponse respond(SimRequest request) {
        Fault fault = faults.take(request.method(), request.path());
        if (fault != null) {
            switch (fault.kind()) {
                case RESET:
                    return null;
                case LOST_ANSWER:
                    handleQuietly(request);
                    return null;
                case HOLD_ANSWER:
                    SimResponse held = handleQuietly(request);
                    pause(fault);
                    return held;
                case ACT_LATE:
                    pause(fault);
                    handleQuietly(request);
                    return null;
                case STATUS:
                    return error(fault.status(), "injected " + fault.status());
                case TOO_MANY_REQUESTS:
                    return rateLimited(fault.retryAfterSeconds()).withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
                case BODY:
                    return SimResponse.text(fault.status(), fault.contentType(), fault.body());
                case DELAY:
                    pause(fault);
                    break;
                default:
                    break;
            }
        }
        RateLimiter limiter = limiterFor(request);
        if (limiter != null) {
            long wait = limiter.tryAcquire();
            if (wait > 0) {
                return rateLimited(wait).withHeader("Retry-After", String.valueOf(wait));
            }
        }
        return handleQuietly(request);
    }

    private SimResponse handleQuietly(SimRequest request) {
        try {
            return handle(request);
        } catch (Exception e) {
            LOG.warn("{} failed on {} {}", getClass().getSimpleName(), request.method(), request.path(), e);
            return error(500, "internal error");
        }
    }

    private static void pause(Fault fault) {
        try {
            Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
