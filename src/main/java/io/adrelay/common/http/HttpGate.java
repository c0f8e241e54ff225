package io.adrelay.common.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationHandlerFactory;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import io.adrelay.common.Json;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.Profile;
import io.adrelay.common.config.Settings;

/**
 * The first handler of the HTTP server. The server listens before the routes exist and after they
 * are gone: meanwhile every path answers a JSON 503 with Retry-After, never the server's HTML 404.
 * Once open it lets requests through; a webhook or ops body sent with curl's default form content type
 * is read as the JSON it is; a path no route serves gets a JSON 404, and what the server itself refuses
 * (a body over its size limit) a JSON error too. It also keeps the bodies arriving at once within a
 * budget ({@link RequestBodyBudget}): one more is answered 503 before it is read. A streamed answer of known
 * length goes out with its Content-Length.
 * <p>
 * It rides in the server's authentication slot because that is the one hook that runs before the
 * server listens; it authenticates nothing.
 */
public final class HttpGate extends EventNotifierSupport implements AuthenticationHandler {

    /**
     * A route that streams an answer of known length (a feed file) says so in this header: Camel would send a stream
     * chunked, and the gate sends it with Content-Length instead (HEAD too), never this header itself.
     */
    public static final String DECLARED_LENGTH = "X-Adrelay-Content-Length";

    private volatile String closedBecause = "adrelay is starting";
    private volatile boolean open;
    private volatile RequestBodyBudget bodies = new RequestBodyBudget(Long.MAX_VALUE, 0);

    public HttpGate() {
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /** The server factory camel-main asks for its HTTP server: the stock one, with this gate in front. */
    public MainHttpServerFactory serverFactory() {
        return new MainHttpServerFactory() {
            private final DefaultMainHttpServerFactory delegate = new DefaultMainHttpServerFactory();

            @Override
            public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties configuration) {
                delegate.setCamelContext(context);
                // the earliest point adrelay runs: a profile typo stops here, before anything listens
                Settings settings = new Settings(context);
                Profile profile = settings.profile();
                // Camel's server, configured by camel-main, listening through adrelay's bounded server
                MainHttpServer stock = (MainHttpServer) delegate.newHttpServer(context, configuration);
                MainHttpServer server = new BoundedMainHttpServer(HttpServerLimits.of(settings));
                server.setCamelContext(context);
                server.setConfiguration(stock.getConfiguration());
                server.setStaticEnabled(stock.isStaticEnabled());
                server.setStaticSourceDir(stock.getStaticSourceDir());
                server.setStaticContextPath(stock.getStaticContextPath());
                Long maxBody = configuration.getMaxBodySize();
                bodies = new RequestBodyBudget(settings.getLong("adrelay.http.bodies-in-flight-bytes"), maxBody == null ? 0 : maxBody);
                String bind = settings.get("adrelay.bind-address");
                server.setHost(bind.isEmpty() ? profile.defaultBindAddress() : bind);
                requireFreePort(server.getHost(), server.getPort());
                AuthenticationConfigEntry entry = new AuthenticationConfigEntry();
                entry.setPath("/*");
                entry.setAuthenticationProviderFactory(vertx -> null);
                entry.setAuthenticationHandlerFactory(new GateFactory());
                server.getConfiguration().getAuthenticationConfig().getEntries().add(entry);
                server.getConfiguration().getAuthenticationConfig().setEnabled(true);
                return server;
            }

            @Override
            public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties configuration) {
                delegate.setCamelContext(context);
                return delegate.newHttpManagementServer(context, configuration);
            }
        };
    }

    /**
     * A port another process listens on is a configuration problem (one line), found before the sandbox starts
     * anything; a port taken after this check makes the server's own bind fail, with the same line.
     */
    private static void requireFreePort(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException inUse) {
            throw new ConfigurationException(cannotListen(host, port, inUse.getMessage()));
        }
    }

    /** The one line an operator gets when the HTTP server cannot listen. */
    static String cannotListen(String host, int port, String reason) {
        return "ADRELAY_HTTP_PORT " + port + " on " + host + " cannot be listened on (" + reason
                + "): is another program listening there? Stop it, or set ADRELAY_HTTP_PORT";
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!open) {
            answer(ctx.response().putHeader("Retry-After", "1"), 503, closedBecause + "; retry shortly");
            return;
        }
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && (ctx.normalizedPath().startsWith("/webhooks/") || ctx.normalizedPath().startsWith("/ops/"))
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // curl -d sends JSON as a form; webhooks and ops take JSON whatever the type says, so keep the body whole
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json" + contentType.substring(contentType.indexOf(';') < 0
                    ? contentType.length() : contentType.indexOf(';')));
        }
        long reserved = bodies.reserve(ctx.request());
        if (reserved < 0) {
            answer(ctx.response().putHeader("Retry-After", "1").putHeader(HttpHeaders.CONNECTION, "close"), 503,
                    "too many request bodies are arriving at once (adrelay.http.bodies-in-flight-bytes); nothing was read, retry shortly");
            return;
        }
        if (reserved > 0) {
            // called when the answer is sent, fails or its connection closes: maybe more than once, released once
            AtomicBoolean released = new AtomicBoolean();
            ctx.addEndHandler(ended -> {
                if (released.compareAndSet(false, true)) {
                    bodies.release(reserved);
                }
            });
        }
        ctx.addHeadersEndHandler(headersGoOut -> sendDeclaredLength(ctx.response()));
        ctx.next();
    }

    /** Just before the headers are written: a declared length replaces the chunked encoding Camel chose for a stream. */
    private static void sendDeclaredLength(HttpServerResponse response) {
        String length = response.headers().get(DECLARED_LENGTH);
        if (length != null) {
            response.headers().remove(DECLARED_LENGTH).remove(HttpHeaders.TRANSFER_ENCODING).set(HttpHeaders.CONTENT_LENGTH, length);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelContextStartedEvent || event instanceof CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelContextStartedEvent started) {
            answerUnknownPathsWithJson(started.getContext());
            open = true;
        } else {
            closedBecause = "adrelay is stopping";
            open = false;
        }
    }

    private static void answerUnknownPathsWithJson(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(Integer.MAX_VALUE - 1)
                    .handler(ctx -> answer(ctx.response(), 404, "no endpoint " + ctx.request().method() + " " + ctx.normalizedPath()));
            // a failure no route answered, e.g. a body over camel.server.max-body-size refused by the body handler:
            // JSON too, not the server's plain-text reason phrase (error handlers of this sub-router are never asked)
            router.route().order(Integer.MAX_VALUE - 2).failureHandler(ctx -> {
                if (ctx.response().ended()) {
                    return;
                }
                int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
                String reason = switch (status) {
                    case 413 -> "the body is larger than the server takes (camel.server.max-body-size); nothing was stored";
                    case 500 -> "internal error; nothing was accepted, please retry";
                    default -> HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
                };
                answer(ctx.response(), status, reason);
            });
        }
    }

    /** Every answer the gate gives itself: a status and {"error": ...}. */
    private static void answer(HttpServerResponse response, int status, String error) {
        try {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.MAPPER.writeValueAsString(Map.of("error", error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts the gate in place. camel-main creates its HTTP server before any configuration class
     * runs, so this is a main listener named in application.properties
     * ({@code camel.main.main-listener-classes}): camel-main instantiates it, and hands it the
     * context, just before it creates the server, for the main runtime and the tests alike.
     */
    public static final class Installer extends MainListenerSupport implements CamelContextAware {

        private CamelContext context;

        @Override
        public void setCamelContext(CamelContext context) {
            this.context = context;
            if (context.getRegistry().findSingleByType(HttpGate.class) == null) {
                HttpGate gate = new HttpGate();
                context.getRegistry().bind("httpGate", gate);
                context.getRegistry().bind("httpServerFactory", gate.serverFactory());
                context.getManagementStrategy().addEventNotifier(gate);
            }
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }
    }

    /** Hands the server this gate where it expects an authentication handler. */
    private final class GateFactory implements AuthenticationHandlerFactory {
        @Override
        public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
            return HttpGate.this;
        }
    }
}
