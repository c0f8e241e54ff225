package io.adrelay.common.http;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * camel-main's HTTP server, serving through a {@link BoundedHttpServer} instead of Camel's own
 * Vert.x server (which camel-main 4.14 creates with no way to configure it). The rest is Camel's:
 * once the server listens, {@code super.doStart()} finds its router by port and sets up the consoles
 * and the start-up summary; its own server field stays empty, which it allows.
 */
final class BoundedMainHttpServer extends MainHttpServer {

    private final HttpServerLimits limits;
    private BoundedHttpServer server;

    BoundedMainHttpServer(HttpServerLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doInit() throws Exception {
        server = new BoundedHttpServer(getConfiguration(), limits);
        getCamelContext().addService(server);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(server);
        super.doStart();
    }
}
