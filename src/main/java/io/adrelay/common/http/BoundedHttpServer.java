package io.adrelay.common.http;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Json;
import io.adrelay.common.config.ConfigurationException;

/**
 * Camel's Vert.x HTTP server with the listening done by adrelay. Camel's own (4.14) listens with
 * default options, so no client is ever timed out, and when the bind fails it logs a warning and
 * starts anyway, a process with no listener. This one keeps Camel's routers (the routes, the
 * health and metrics endpoints and the gate are all on them) and listens itself:
 * <ul>
 * <li>bounded clients ({@link HttpConnections}): header timeout, idle timeout, at most so many connections;</li>
 * <li>a request the server cannot parse (request line over 4096 bytes, headers over 8 KiB, no HTTP) answered
 *     with a JSON error like every other answer, not an empty body;</li>
 * <li>a bind that fails stops the start with one line, a configuration problem: exit code 2.</li>
 * </ul>
 */
final class BoundedHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedHttpServer.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final HttpServerLimits limits;
    private HttpServer server;
    private HttpConnections connections;
    private boolean ownVertx;

    BoundedHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpServerLimits limits) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
    }

    @Override
    protected void startServer() throws Exception {
        if (configuration.getSslContextParameters() != null || configuration.isUseGlobalSslContextParameters()) {
            throw new ConfigurationException("camel.server TLS settings are not supported: terminate TLS in front of adrelay");
        }
        Vertx vertx = getVertx();
        // the routers Camel made (initializeServer): its own top router is private, so a top router of the same shape
        Router top = Router.router(vertx);
        top.route(configuration.getPath() + "*").subRouter(VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getBindPort())));
        HttpServerOptions options = new HttpServerOptions()
                // HTTP/1.1 only: the connection is then set up (and bounded) at accept, not once its first bytes tell h2c from HTTP/1.1
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(0, limits.idleTimeoutMs())))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        connections = new HttpConnections(vertx, limits);
        server = vertx.createHttpServer(options)
                .connectionHandler(connections::accepted)
                .invalidRequestHandler(BoundedHttpServer::refuseUnparsable)
                .requestHandler(top);
        String host = configuration.getBindHost();
        int port = configuration.getBindPort();
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            server = null;
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            throw new ConfigurationException(HttpGate.cannotListen(host, port, cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        }
        connections.start();
        LOG.info("HTTP server listening on {}:{}: {}", host, port, limits.describe());
    }

    @Override
    protected void stopServer() {
        if (server == null) {
            return;
        }
        connections.stop();
        // as Camel's server does: a restart of the context makes the component afresh
        getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("HTTP server stopped");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HTTP server did not close cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server = null;
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    protected Vertx createVertxInstance() {
        ownVertx = true;
        return super.createVertxInstance();
    }

    /** Camel's closes its Vert.x on an executor its own startServer makes, which this one replaces: closed here. */
    @Override
    protected void stopVertx() {
        Vertx vertx = getVertx();
        if (vertx == null || !ownVertx) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            setVertx(null);
            ownVertx = false;
        }
    }

    /**
     * What Vert.x's decoder refused before any route could see it: Vert.x would answer with an empty
     * body. The request's text is not echoed back.
     */
    private static void refuseUnparsable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String error;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            error = "the request line (method, path and query) is longer than the server takes (4096 bytes)";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            error = "the request headers are larger than the server takes (8 KiB)";
        } else {
            status = 400;
            error = "not a valid HTTP request";
        }
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // what follows a request that could not be parsed cannot be parsed either: answer, then close
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body).onComplete(sent -> request.connection().close());
    }
}
