package io.adrelay.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the operators' route files, all or nothing per file: a saved file that does not
 * parse or cannot be built ({@link RouteFileCheck}) is refused whole, its routes keep running as
 * they were, one WARN line says why, and the {@code routes} health check names the file until it
 * is fixed. The check is in the overall health only, not in readiness or liveness: a refused edit
 * is something to fix, not a reason to stop serving. A new file is loaded and started like a saved
 * one; a deleted one gives way to the packaged file of its name, or takes its routes with it; a
 * route a saved file no longer has is removed.
 */
public final class GuardedRouteReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReloader.class);

    private final RouteFiles files;
    /** Refusals by file name: a file refused in the override directory and then deleted is refused no more. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    /** The ids of the routes each file made when it was last loaded, by file name. */
    private final Map<String, Set<String>> made = new ConcurrentHashMap<>();
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

    public GuardedRouteReloader(RouteFiles files, String pattern) {
        super(files.overrideDir().toString(), false);
        this.files = files;
        setPattern(pattern);
        setRemoveAllRoutes(false);
    }

    public AbstractHealthCheck health() {
        return health;
    }

    /** The ids of the routes each file made at start (by file name): a file that goes or drops a route takes it away. */
    public void loaded(Map<String, Set<String>> routeIds) {
        made.putAll(routeIds);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null) {
            // only route files are watched: nothing else asks for all routes to be reloaded
            super.onRouteReload(null, removeEverything);
            return;
        }
        for (Resource file : resources) {
            if (file.exists()) {
                saved(file, removeEverything);
            } else {
                deleted(file);
            }
        }
    }

    /** A file written in the override directory, new or not: its routes replace what it made before, or it is refused whole. */
    private void saved(Resource file, boolean removeEverything) {
        if (isEmpty(file)) {
            // an editor is still writing it (saves truncate first): the next change event brings the content
            return;
        }
        refuseIfBroken(file);
        try {
            super.onRouteReload(List.of(file), removeEverything);
        } catch (RuntimeException failed) {
            throw refused(file, failed);
        }
        replaced(file);
    }

    /**
     * A file gone from the override directory: the packaged file of that name runs again (checked like a saved file), or,
     * when there is none, the routes the file made are removed.
     */
    private void deleted(Resource file) {
        String name = RouteFiles.name(file);
        refused.remove(name);
        Resource packaged = files.packaged(name);
        if (!packaged.exists()) {
            Set<String> removed = retire(name, Set.of());
            LOG.info("Route file {} deleted: its routes {} are removed", RouteFiles.where(file), removed);
            return;
        }
        refuseIfBroken(packaged);
        try {
            PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(List.of(packaged));
        } catch (Exception failed) {
            throw refused(packaged, failed);
        }
        replaced(packaged);
        LOG.info("Route file {} deleted: the packaged {} runs again", RouteFiles.where(file), RouteFiles.where(packaged));
    }

    private void refuseIfBroken(Resource file) {
        List<String> problems = RouteFileCheck.problems(getCamelContext(), file);
        if (!problems.isEmpty()) {
            String reason = RouteFiles.where(file) + ": " + String.join("; ", problems);
            refused.put(RouteFiles.name(file), reason);
            LOG.warn("Route file {} refused, its routes keep running as before: {}", RouteFiles.where(file), String.join("; ", problems));
            throw new RefusedRouteFile(reason);
        }
    }

    private RuntimeException refused(Resource file, Exception failed) {
        String reason = RouteFiles.where(file) + ": " + failed.getMessage();
        refused.put(RouteFiles.name(file), reason);
        LOG.warn("Route file reload failed: {}", reason);
        LOG.debug("Route file reload failed", failed);
        return failed instanceof RuntimeException runtime ? runtime : new RefusedRouteFile(reason);
    }

    /** The file's routes are in place: those it no longer makes go, and one it makes that does not run is said once. */
    private void replaced(Resource file) {
        String name = RouteFiles.name(file);
        Set<String> now = RouteFileCheck.routeIds(getCamelContext(), file);
        Set<String> removed = retire(name, now);
        if (!removed.isEmpty()) {
            LOG.info("Route file {} no longer makes routes {}: removed", RouteFiles.where(file), removed);
        }
        List<String> notRunning = now.stream().filter(id -> getCamelContext().getRoute(id) == null).toList();
        if (!notRunning.isEmpty()) {
            LOG.warn("Route file {}: routes {} do not run, their flow is left out of ADRELAY_FLOWS", RouteFiles.where(file), notRunning);
        }
        refused.remove(name);
    }

    /** Removes the routes the file of this name made before and makes no more; the ones removed. */
    private Set<String> retire(String name, Set<String> now) {
        Set<String> gone = new LinkedHashSet<>(made.getOrDefault(name, Set.of()));
        gone.removeAll(now);
        made.put(name, now);
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> removed = new LinkedHashSet<>();
        for (String id : gone) {
            RouteDefinition definition = model.getRouteDefinition(id);
            try {
                if (definition != null) {
                    model.removeRouteDefinition(definition);
                    removed.add(id);
                } else if (getCamelContext().getRoute(id) != null) {
                    getCamelContext().getRouteController().stopRoute(id);
                    getCamelContext().removeRoute(id);
                    removed.add(id);
                }
            } catch (Exception failed) {
                throw RuntimeCamelException.wrapRuntimeCamelException(failed);
            }
        }
        return removed;
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
