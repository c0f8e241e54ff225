package io.adrelay.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the operators' route files, all or nothing per file: a saved file that does not
 * parse or cannot be built ({@link RouteFileCheck}) is refused whole, its routes keep running as
 * they were, one WARN line says why, and the {@code routes} health check names the file until it
 * is fixed. The check is in the overall health only, not in readiness or liveness: a refused edit
 * is something to fix, not a reason to stop serving.
 */
public final class GuardedRouteReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReloader.class);

    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final AbstractHealthCheck health = new AbstractHealthCheck("adrelay", "routes") {
        @Override
        public boolean isReadiness() {
            return false;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (refused.isEmpty()) {
                builder.up();
            } else {
                refused.forEach(builder::detail);
                builder.down().message("refused route file(s), the previous routes still run: " + String.join("; ", refused.values()));
            }
        }
    };

    public GuardedRouteReloader(String directory, String pattern) {
        super(directory, false);
        setPattern(pattern);
        setRemoveAllRoutes(false);
    }

    public AbstractHealthCheck health() {
        return health;
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources != null) {
            for (Resource file : resources) {
                if (isEmpty(file)) {
                    // an editor is still writing it (saves truncate first): the next change event brings the content
                    return;
                }
                List<String> problems = RouteFileCheck.problems(getCamelContext(), file);
                if (!problems.isEmpty()) {
                    String reason = RouteFiles.where(file) + ": " + String.join("; ", problems);
                    refused.put(RouteFiles.where(file), reason);
                    LOG.warn("Route file {} refused, its routes keep running as before: {}", RouteFiles.where(file), String.join("; ", problems));
                    throw new RefusedRouteFile(reason);
                }
            }
        }
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException failed) {
            String reason = (resources == null ? "routes" : String.join(", ", resources.stream().map(RouteFiles::where).toList()))
                    + ": " + failed.getMessage();
            resources.forEach(file -> refused.put(RouteFiles.where(file), reason));
            LOG.warn("Route file reload failed: {}", reason);
            LOG.debug("Route file reload failed", failed);
            throw failed;
        }
        if (resources != null) {
            resources.forEach(file -> refused.remove(RouteFiles.where(file)));
        }
    }

    private static boolean isEmpty(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return in == null || in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Counted as a failed reload by Camel; its reason was logged once, as one line. */
    static final class RefusedRouteFile extends RuntimeException {
        RefusedRouteFile(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
