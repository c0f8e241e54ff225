package io.adrelay.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.URISupport;

/**
 * Whether an operator's route file can be built as it is, before anything running is touched: it
 * parses, every route and rest verb has an id no other file uses, every route configuration named
 * exists, every placeholder resolves, every endpoint can be created, and every Quartz cron and time zone is valid.
 */
public final class RouteFileCheck {

    private static final Set<String> CONFIGURATIONS = Set.of("http-api", "file-drop", "webhook", "egress");

    private RouteFileCheck() {
    }

    /** Every problem of the file, each naming the route it is in; empty when it can be built. */
    public static List<String> problems(CamelContext context, Resource file) {
        DefaultCamelContext scratch = new DefaultCamelContext();
        try {
            return problems(context, scratch, file, new HashMap<>());
        } finally {
            scratch.stop();
        }
    }

    /**
     * The problems of the route files that will load, each line naming its file (at start, before any route exists);
     * {@code made} gets the ids of the routes each file makes (by file name, see {@link #routeIds}).
     */
    public static List<String> problems(CamelContext context, List<Resource> files, Map<String, Set<String>> made) {
        List<String> problems = new ArrayList<>();
        DefaultCamelContext scratch = new DefaultCamelContext();
        try {
            for (Resource file : files) {
                problems(context, scratch, file, made).forEach(problem -> problems.add("route file " + RouteFiles.where(file) + ": " + problem));
            }
        } finally {
            scratch.stop();
        }
        return problems;
    }

    /**
     * The ids of the routes the file makes itself: its routes, its rest verbs and its templated routes (not the
     * routes Java makes from a template it declares). Empty when it does not parse.
     */
    public static Set<String> routeIds(CamelContext context, Resource file) {
        try {
            return parse(context, file).ids();
        } catch (Exception unparsable) {
            return Set.of();
        }
    }

    /** What a file holds, parsed but not built. */
    private record Parsed(List<RouteDefinition> routes, List<VerbDefinition> verbs, List<String> templated) {
        Set<String> ids() {
            Set<String> ids = new LinkedHashSet<>();
            routes.forEach(route -> ids.add(route.getRouteId()));
            verbs.forEach(verb -> ids.add(verb.getRouteId()));
            ids.addAll(templated);
            ids.remove(null);
            return ids;
        }
    }

    private static Parsed parse(CamelContext context, Resource file) throws Exception {
        Parsed parsed = new Parsed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(file)) {
            if (builder instanceof RouteBuilder routeBuilder) {
                parsed.routes().addAll(routeBuilder.configureRoutes(context).getRoutes());
                routeBuilder.getRestCollection().getRests().forEach(rest -> parsed.verbs().addAll(rest.getVerbs()));
                routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes().forEach(t -> parsed.templated().add(t.getRouteId()));
            }
        }
        return parsed;
    }

    private static List<String> problems(CamelContext context, CamelContext scratch, Resource file, Map<String, Set<String>> made) {
        List<String> problems = new ArrayList<>();
        Parsed parsed;
        try {
            parsed = parse(context, file);
        } catch (Exception unparsable) {
            problems.add("it does not parse: " + rootMessage(unparsable));
            return problems;
        }
        made.put(RouteFiles.name(file), parsed.ids());
        List<RouteDefinition> routes = parsed.routes();
        List<VerbDefinition> verbs = parsed.verbs();
        Set<String> elsewhere = new HashSet<>();
        for (Route route : context.getRoutes()) {
            // by name: an override written while running takes the place of the packaged file's routes
            if (route.getSourceResource() == null || !RouteFiles.name(file).equals(RouteFiles.name(route.getSourceResource()))) {
                elsewhere.add(route.getRouteId());
            }
        }
        Set<String> seen = new HashSet<>();
        for (RouteDefinition route : routes) {
            String id = route.getRouteId();
            String where = "route " + (id == null ? "without an id" : id) + ": ";
            if (id == null) {
                problems.add(where + "give it an id");
            } else if (!seen.add(id) || elsewhere.contains(id)) {
                problems.add(where + "another route already has this id");
            }
            if (route.getRouteConfigurationId() != null && !CONFIGURATIONS.contains(route.getRouteConfigurationId())) {
                problems.add(where + "routeConfigurationId " + route.getRouteConfigurationId() + " is none of " + CONFIGURATIONS);
            }
            endpoint(context, scratch, route.getInput(), where, problems);
            outputs(context, scratch, route.getOutputs(), where, problems);
        }
        // each rest verb becomes a route of its own: without a routeId it would get a generated one, which no flow keeps
        for (VerbDefinition verb : verbs) {
            String id = verb.getRouteId();
            String where = "rest " + verb.asVerb() + " " + verb.getRest().getPath() + (verb.getPath() == null ? "" : verb.getPath()) + ": ";
            if (id == null) {
                problems.add(where + "give it a routeId");
            } else if (!seen.add(id) || elsewhere.contains(id)) {
                problems.add(where + "another route already has the id " + id);
            }
            if (verb.getTo() == null) {
                problems.add(where + "it calls nothing: give it a to");
            } else {
                check(context, scratch, verb.getTo().getUri(), where, problems);
            }
        }
        return problems;
    }

    private static void outputs(CamelContext context, CamelContext scratch, List<ProcessorDefinition<?>> outputs, String where,
                                List<String> problems) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getUri() != null) {
                check(context, scratch, send.getUri(), where, problems);
            }
            outputs(context, scratch, output.getOutputs(), where, problems);
        }
    }

    private static void endpoint(CamelContext context, CamelContext scratch, FromDefinition from, String where, List<String> problems) {
        if (from == null || from.getUri() == null) {
            problems.add(where + "it has no from");
            return;
        }
        check(context, scratch, from.getUri(), where, problems);
    }

    private static void check(CamelContext context, CamelContext scratch, String uri, String where, List<String> problems) {
        String resolved;
        try {
            resolved = context.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException unresolved) {
            problems.add(where + rootMessage(unresolved));
            return;
        }
        try {
            if (resolved.startsWith("quartz:")) {
                quartz(resolved, where, problems);
            }
            // a scratch context tells whether the component exists and takes these options, without touching running routes
            scratch.getEndpoint(resolved);
        } catch (Exception wrong) {
            problems.add(where + rootMessage(wrong));
        }
    }

    private static void quartz(String uri, String where, List<String> problems) throws Exception {
        int query = uri.indexOf('?');
        Map<String, Object> parameters = query < 0 ? Map.of() : URISupport.parseQuery(uri.substring(query + 1));
        Object cron = parameters.get("cron");
        String cronProblem = cron == null ? null : QuartzSchedule.cronProblem(cron.toString().replace('+', ' '));
        if (cronProblem != null) {
            problems.add(where + "cron \"" + cron.toString().replace('+', ' ') + "\" " + cronProblem);
        }
        Object zone = parameters.get("trigger.timeZone");
        String zoneProblem = zone == null ? null : QuartzSchedule.zoneProblem(zone.toString());
        if (zoneProblem != null) {
            problems.add(where + "trigger.timeZone " + zone + " " + zoneProblem);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }
}
