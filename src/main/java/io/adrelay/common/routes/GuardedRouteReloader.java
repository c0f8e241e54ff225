package io.adrelay.common.routes;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RouteTemplateContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.model.DefaultRouteTemplateContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the operators' route files, all or nothing per file: a saved file that does not
 * parse or cannot be built ({@link RouteFileCheck}), or whose routes would not work among the others
 * ({@link RouteSetCheck}: the routes its templates make, the direct: endpoints it sends to), is refused whole,
 * its routes keep running as they were, one WARN line says why, and the {@code routes} health check names the
 * file until it is fixed. The check is in the overall health only, not in readiness or liveness: a refused edit
 * is something to fix, not a reason to stop serving. A new file is loaded and started like a saved one; a deleted
 * one gives way to the packaged file of its name, or takes its routes with it; a route a saved file no longer has
 * is removed. A saved template remakes every route made from it, wherever it was made (Java makes some), with the
 * parameters it was made with; the file's templatedRoutes are made again too (Camel would leave both as they were).
 */
public final class GuardedRouteReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReloader.class);

    private final RouteFiles files;
    /** What each file made when it was last loaded, and which template made each route. */
    private final MadeRoutes made;
    /** Refusals by file name: a file refused in the override directory and then deleted is refused no more. */
    private final RefusedFiles refused = new RefusedFiles("routes", "refused route file(s)");
    /** The content each file had when its routes were last put in place (SHA-256), by file name. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();

    public GuardedRouteReloader(RouteFiles files, String pattern, MadeRoutes made) {
        super(files.overrideDir().toString(), false);
        this.files = files;
        this.made = made;
        setPattern(pattern);
        setRemoveAllRoutes(false);
    }

    public AbstractHealthCheck health() {
        return refused.health();
    }

    public RefusedFiles refusedFiles() {
        return refused;
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
        String content = digest(file);
        if (content != null && content.equals(loaded.get(RouteFiles.name(file)))) {
            // one save is often seen as several changes, or a refused edit is undone: what runs is this file already
            refused.accept(RouteFiles.name(file));
            return;
        }
        refuseIfBroken(file);
        load(file, () -> super.onRouteReload(List.of(file), removeEverything));
        loaded.put(RouteFiles.name(file), content == null ? "" : content);
    }

    /**
     * A file gone from the override directory: the packaged file of that name runs again (checked like a saved file), or,
     * when there is none, the routes the file made are removed.
     */
    private void deleted(Resource file) {
        String name = RouteFiles.name(file);
        refused.accept(name);
        loaded.remove(name);
        Resource packaged = files.packaged(name);
        if (!packaged.exists()) {
            Set<String> removed = retire(name, Set.of());
            forgetTemplates(name);
            made.file(name, new MadeRoutes.FileRoutes(RouteFiles.where(file), Set.of(), Set.of()));
            LOG.info("Route file {} deleted: its routes {} are removed", RouteFiles.where(file), removed);
            return;
        }
        refuseIfBroken(packaged);
        load(packaged, () -> {
            try {
                PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(List.of(packaged));
            } catch (Exception failed) {
                throw RuntimeCamelException.wrapRuntimeCamelException(failed);
            }
        });
        LOG.info("Route file {} deleted: the packaged {} runs again", RouteFiles.where(file), RouteFiles.where(packaged));
    }

    private void refuseIfBroken(Resource file) {
        List<String> problems = RouteFileCheck.problems(getCamelContext(), file, made);
        if (problems.isEmpty()) {
            try {
                problems = RouteSetCheck.onSave(getCamelContext(), made, file);
            } catch (Exception unchecked) {
                problems = List.of(RouteFileCheck.rootMessage(unchecked));
            }
        }
        if (!problems.isEmpty()) {
            String reason = RouteFiles.where(file) + ": " + String.join("; ", problems) + " (its previous routes still run)";
            if (refused.refuse(RouteFiles.name(file), reason)) {
                // said once: a save seen as several changes is refused for the same reason each time
                LOG.warn("Route file {} refused, its routes keep running as before: {}", RouteFiles.where(file), String.join("; ", problems));
            }
            throw new RefusedRouteFile(reason);
        }
    }

    /**
     * Puts the checked file's routes in place: its templates replace their earlier versions (Camel would add them beside
     * and keep making routes from the first), {@code update} replaces its routes, then the routes made from its
     * templates elsewhere and its own templatedRoutes are made again.
     */
    private void load(Resource file, Runnable update) {
        String name = RouteFiles.name(file);
        RouteFileCheck.Parsed parsed;
        try {
            parsed = RouteFileCheck.parse(getCamelContext(), file);
        } catch (Exception unparsable) {
            throw refused(file, unparsable);
        }
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        MadeRoutes.FileRoutes before = made.file(name);
        Set<String> templateIds = new LinkedHashSet<>(before.templateIds());
        templateIds.addAll(parsed.templateIds());
        List<RouteTemplateDefinition> earlier = templates(model, templateIds);
        List<RouteDefinition> remade = made.madeFrom(model, parsed.templateIds()).stream()
                .filter(route -> !before.routeIds().contains(route.getRouteId()) && !parsed.ids().contains(route.getRouteId())).toList();
        try {
            model.removeRouteTemplateDefinitions(earlier);
            update.run();
        } catch (Exception failed) {
            // the earlier templates again: the routes made from them keep running as they are
            try {
                model.removeRouteTemplateDefinitions(templates(model, templateIds));
                model.addRouteTemplateDefinitions(earlier);
            } catch (Exception ignored) {
                LOG.debug("Could not put the earlier templates back", ignored);
            }
            throw refused(file, failed);
        }
        try {
            for (RouteDefinition route : remade) {
                remake(model, route);
            }
            for (TemplatedRouteDefinition templated : parsed.templatedRoutes()) {
                RouteDefinition old = model.getRouteDefinition(templated.getRouteId());
                if (old != null) {
                    model.removeRouteDefinition(old);
                }
                model.addRouteFromTemplatedRoute(templated);
            }
        } catch (Exception failed) {
            throw refused(file, failed);
        }
        if (!remade.isEmpty()) {
            LOG.info("Route file {}: routes {} made again from its templates", RouteFiles.where(file),
                    remade.stream().map(RouteDefinition::getRouteId).toList());
        }
        replaced(file, parsed);
    }

    /** The route made again from its template (as saved now), with the parameters it was made with. */
    private void remake(Model model, RouteDefinition route) throws Exception {
        String template = made.templateOf(route);
        Map<String, Object> given = MadeRoutes.given(route);
        model.removeRouteDefinition(route);
        RouteTemplateContext parameters = new DefaultRouteTemplateContext(getCamelContext());
        given.forEach(parameters::setParameter);
        model.addRouteFromTemplate(route.getRouteId(), template, route.getNodePrefixId(), route.getGroup(), parameters);
    }

    private static List<RouteTemplateDefinition> templates(Model model, Set<String> ids) {
        return model.getRouteTemplateDefinitions().stream().filter(template -> ids.contains(template.getId())).toList();
    }

    /** A deleted file's templates go, unless routes made from them run (made in Java: they keep their template). */
    private void forgetTemplates(String name) {
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : made.file(name).templateIds()) {
            if (made.madeFrom(model, Set.of(id)).isEmpty()) {
                try {
                    model.removeRouteTemplateDefinitions(templates(model, Set.of(id)));
                } catch (Exception failed) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(failed);
                }
            }
        }
    }

    /** Camel failed to put the checked file's routes in place: what the file ran before may have been taken away already. */
    private RuntimeException refused(Resource file, Exception failed) {
        String reason = RouteFiles.where(file) + ": " + failed.getMessage() + " (its routes may not run: fix the file, or delete it)";
        refused.refuse(RouteFiles.name(file), reason);
        LOG.warn("Route file reload failed: {}", reason);
        LOG.debug("Route file reload failed", failed);
        return failed instanceof RuntimeException runtime ? runtime : new RefusedRouteFile(reason);
    }

    /** The file's routes are in place: those it no longer makes go, and one it makes that does not run is said once. */
    private void replaced(Resource file, RouteFileCheck.Parsed parsed) {
        String name = RouteFiles.name(file);
        Set<String> now = parsed.ids();
        Set<String> removed = retire(name, now);
        made.file(name, new MadeRoutes.FileRoutes(RouteFiles.where(file), now, parsed.templateIds()));
        if (!removed.isEmpty()) {
            LOG.info("Route file {} no longer makes routes {}: removed", RouteFiles.where(file), removed);
        }
        List<String> notRunning = now.stream().filter(id -> getCamelContext().getRoute(id) == null).toList();
        if (!notRunning.isEmpty()) {
            LOG.warn("Route file {}: routes {} do not run, their flow is left out of ADRELAY_FLOWS", RouteFiles.where(file), notRunning);
        }
        refused.accept(name);
    }

    /** Removes the routes the file of this name made before and makes no more; the ones removed. */
    private Set<String> retire(String name, Set<String> now) {
        Set<String> gone = new LinkedHashSet<>(made.file(name).routeIds());
        gone.removeAll(now);
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

    /** The SHA-256 of the file's content; null when it cannot be read (it is then loaded, or refused, as it is). */
    private static String digest(Resource file) {
        try (InputStream in = file.getInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException unreadable) {
            return null;
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
