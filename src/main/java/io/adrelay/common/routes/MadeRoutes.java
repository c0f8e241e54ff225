package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * What each route file made when it was last loaded (its routes and rest verbs, the routes its templatedRoutes make, the
 * templates it declares), and which template made each route. Camel's model keeps the parameters a route was made with,
 * not the template's id: a saved template needs both to remake its routes, wherever they were made (Java makes some).
 */
public final class MadeRoutes {

    /** One file's share: where it is, the ids of the routes it makes itself, the ids of the templates it declares. */
    public record FileRoutes(String where, Set<String> routeIds, Set<String> templateIds) {
        public FileRoutes {
            // not Set.copyOf: a route without an id is looked for too, and such a set refuses to look for null
            routeIds = Collections.unmodifiableSet(new LinkedHashSet<>(routeIds));
            templateIds = Collections.unmodifiableSet(new LinkedHashSet<>(templateIds));
        }
    }

    private static final FileRoutes NONE = new FileRoutes("", Set.of(), Set.of());

    private final Map<String, FileRoutes> files = new ConcurrentHashMap<>();
    /** The template each route made from one came from, by the route's definition (routes made later included). */
    private final Map<RouteDefinition, String> templates = Collections.synchronizedMap(new IdentityHashMap<>());

    /** Records the template of every route made from one in this context from now on. */
    public static MadeRoutes install(CamelContext context) {
        MadeRoutes made = new MadeRoutes();
        context.getCamelContextExtension().getContextPlugin(Model.class).addRouteTemplateDefinitionConverter("*", (template, parameters) -> {
            RouteDefinition route = template.asRouteDefinition();
            made.templates.put(route, template.getId());
            return route;
        });
        return made;
    }

    public void file(String name, FileRoutes routes) {
        files.put(name, routes);
    }

    public FileRoutes file(String name) {
        return files.getOrDefault(name, NONE);
    }

    /** The name of the file that makes this route itself; null when none does (a Java route, or one Java makes from a template). */
    public String fileOfRoute(String routeId) {
        return files.entrySet().stream().filter(f -> f.getValue().routeIds().contains(routeId)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The name of the file that declares this template; null for a template of Java's. */
    public String fileOfTemplate(String templateId) {
        return files.entrySet().stream().filter(f -> f.getValue().templateIds().contains(templateId)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** The template the route was made from; null when it was not (or before {@link #install}). */
    public String templateOf(RouteDefinition route) {
        return templates.get(route);
    }

    /** The routes in the model made from these templates. */
    public List<RouteDefinition> madeFrom(Model model, Set<String> templateIds) {
        List<RouteDefinition> made = new ArrayList<>();
        Set<RouteDefinition> present = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RouteDefinition route : definitions(model)) {
            present.add(route);
            String template = templateOf(route);
            if (template != null && templateIds.contains(template)) {
                made.add(route);
            }
        }
        // routes removed since are forgotten
        synchronized (templates) {
            templates.keySet().retainAll(present);
        }
        return made;
    }

    /** The routes defined now (a copy: another thread may add some, under the model's lock). */
    static List<RouteDefinition> definitions(Model model) {
        synchronized (model) {
            return List.copyOf(model.getRouteDefinitions());
        }
    }

    /**
     * The parameters the route was made with by whoever made it, the template's defaults left out (so that a default the
     * template changes applies); a parameter given with its default's very value counts as a default.
     */
    public static Map<String, Object> given(RouteDefinition route) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (route.getRouteTemplateContext() == null) {
            return given;
        }
        Map<String, Object> defaults = route.getTemplateDefaultParameters() == null ? Map.of() : route.getTemplateDefaultParameters();
        route.getRouteTemplateContext().getParameters().forEach((name, value) -> {
            if (!defaults.containsKey(name) || !Objects.equals(defaults.get(name), value)) {
                given.put(name, value);
            }
        });
        return given;
    }
}
