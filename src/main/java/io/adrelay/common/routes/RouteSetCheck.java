package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.reifier.RouteReifier;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.util.StringHelper;
import io.adrelay.common.config.ConfigurationException;

/**
 * What the route files make, checked with every other route in view, at start (once every route is defined and none
 * runs) and for a file saved while running (before anything is touched): each route a template makes, as it would be
 * made (the parameters Java gives a template may be fine while the template is not), and each direct: endpoint a route
 * file sends to has a route consuming it (else the sender waits for a timeout, then fails). A send whose URI is
 * computed (toD) cannot be known and is not checked.
 */
public final class RouteSetCheck {

    /** A route as it will run: who makes it (a file by name, else Java), the template it is made from and with what. */
    record Planned(String id, RouteDefinition definition, Map<String, Object> parameters, String file, String template) {
    }

    /** Where a problem's text names the routes it is found in. */
    private static final String ROUTES = "\u0000routes\u0000";

    private RouteSetCheck() {
    }

    /**
     * Runs the check at start, when camel-main has defined every route (Java's, the files', those made from templates)
     * and started none: a problem stops the start like any configuration problem (one line each, exit code 2).
     * Named in camel.main.main-listener-classes.
     */
    public static final class AtStart extends MainListenerSupport implements CamelContextAware {

        private CamelContext context;

        @Override
        public void setCamelContext(CamelContext context) {
            this.context = context;
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }

        @Override
        public void afterConfigure(BaseMainSupport main) {
            MadeRoutes made = context.getRegistry().findSingleByType(MadeRoutes.class);
            if (made == null) {
                return;
            }
            List<String> problems = atStart(context, made);
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
        }
    }

    /** At start: the problems, each a line naming its file. */
    public static List<String> atStart(CamelContext context, MadeRoutes made) {
        // first the route files' own endpoints, now that the context is configured: one of them that cannot be made is
        // the problem of its file alone, as RuntimeSetup's check would have found it
        StartEndpoints endpoints = context.getRegistry().findSingleByType(StartEndpoints.class);
        List<String> endpointProblems = endpoints == null ? List.of() : endpoints.create(context);
        if (!endpointProblems.isEmpty()) {
            return endpointProblems;
        }
        Model model = model(context);
        List<Planned> current = current(model, made);
        List<String> lines = new ArrayList<>();
        // every bean is bound by now: a bean step of a file's route (its own, or made from a template) that names a bean
        // or a method there is none of
        for (Planned route : current) {
            if (route.file() != null) {
                List<String> found = new ArrayList<>();
                BeanSteps.problems(context, route.definition().getOutputs(), route.parameters(), "route " + route.id() + ": ", found);
                found.forEach(problem -> lines.add("route file " + made.file(route.file()).where() + ": " + problem));
            }
        }
        Map<String, Integer> declared = new LinkedHashMap<>();
        model.getRouteTemplateDefinitions().forEach(template -> declared.merge(template.getId(), 1, Integer::sum));
        declared.forEach((id, times) -> {
            if (times > 1 && made.fileOfTemplate(id) != null) {
                lines.add("route file " + made.file(made.fileOfTemplate(id)).where() + ": template " + id
                        + ": another template already has this id");
            }
        });
        // the endpoints of the routes templates make are created on the real context too: they are the routes' own
        Map<String, List<String>> problems = problems(context, context, current, planned -> planned.file() != null, null, null);
        problems.forEach((file, found) -> found.forEach(problem -> lines.add("route file " + made.file(file).where() + ": " + problem)));
        return lines;
    }

    /**
     * A route Camel could not build at start (an expression that does not parse, say), as one line: the file that makes it
     * (or declares the template it is made from), when one does, the route and why.
     */
    public static String buildFailure(CamelContext context, FailedToCreateRouteException failed) {
        MadeRoutes made = context == null ? null : context.getRegistry().findSingleByType(MadeRoutes.class);
        String id = failed.getRouteId();
        String why = RouteFileCheck.rootMessage(failed);
        Model model = made == null ? null : model(context);
        RouteDefinition definition = model == null ? null : model.getRouteDefinition(id);
        String file = made == null ? null : made.fileOfRoute(id);
        if (file != null) {
            return "route file " + made.file(file).where() + ": " + where(id, definition, null) + why;
        }
        String template = definition == null ? null : made.templateOf(definition);
        String declared = template == null ? null : made.fileOfTemplate(template);
        return declared == null ? "route " + id + ": " + why
                : "route file " + made.file(declared).where() + ": " + where(id, definition, model.getRouteTemplateDefinition(template)) + why;
    }

    /**
     * A file saved while running (it parses and each of its routes can be built): the problems its routes, and the
     * routes made from its templates, would have among all the others. Only what the save breaks counts: a send of
     * another route's that had no consumer before is not this file's.
     */
    public static List<String> onSave(CamelContext context, MadeRoutes made, Resource file) throws Exception {
        RouteFileCheck.Parsed parsed = RouteFileCheck.parse(context, file);
        String name = RouteFiles.name(file);
        Model model = model(context);
        Function<RouteDefinition, Boolean> filter = model.getRouteFilter() == null ? route -> true : model.getRouteFilter();
        List<String> problems = new ArrayList<>();
        Set<String> before = made.file(name).routeIds();
        Set<String> own = parsed.ids();
        Set<String> templates = parsed.templateIds();

        List<Planned> current = current(model, made);
        List<Planned> after = new ArrayList<>();
        for (Planned route : current) {
            // (immutable sets refuse to look for null)
            boolean remade = route.template() != null
                    && (templates.contains(route.template()) || made.file(name).templateIds().contains(route.template()));
            if (route.id() != null && (before.contains(route.id()) || own.contains(route.id()))) {
                continue;
            }
            if (!remade) {
                after.add(route);
            } else if (!templates.contains(route.template())) {
                problems.add("template " + route.template() + ": route " + route.id() + " is made from it: keep the template");
            } else {
                RouteTemplateDefinition template = parsed.template(route.template());
                after.add(made(template, route.id(), MadeRoutes.given(route.definition()), name, problems));
            }
        }
        for (RouteDefinition route : parsed.routes()) {
            if (filter.apply(route)) {
                after.add(new Planned(route.getRouteId(), route, Map.of(), name, null));
            }
        }
        for (VerbDefinition verb : parsed.verbs()) {
            if (verb.getTo() != null && verb.getTo().getUri() != null) {
                RouteDefinition route = new RouteDefinition();
                route.from("rest:" + verb.asVerb() + ":" + verb.getRest().getPath()).routeId(verb.getRouteId()).to(verb.getTo().getUri());
                if (filter.apply(route)) {
                    after.add(new Planned(verb.getRouteId(), route, Map.of(), name, null));
                }
            }
        }
        for (TemplatedRouteDefinition templated : parsed.templatedRoutes()) {
            String ref = templated.getRouteTemplateRef();
            RouteTemplateDefinition template = parsed.template(ref);
            if (template == null && !made.file(name).templateIds().contains(ref)) {
                template = model.getRouteTemplateDefinition(ref);
            }
            if (template == null) {
                problems.add("templatedRoute " + templated.getRouteId() + ": there is no template " + ref);
                continue;
            }
            Map<String, Object> given = new LinkedHashMap<>();
            templated.getParameters().forEach(parameter -> given.put(parameter.getName(), parameter.getValue()));
            Planned route = made(template, templated.getRouteId(), given, name, problems);
            if (filter.apply(route.definition())) {
                after.add(route);
            }
        }
        // a bean step Camel could not build: found now, before the file's running routes are taken away
        for (Planned route : after) {
            if (name.equals(route.file())) {
                BeanSteps.problems(context, route.definition().getOutputs(), route.parameters(), "route " + route.id() + ": ", problems);
            }
        }
        // tried on a scratch context: the running routes' context keeps no endpoint of a file that may be refused
        DefaultCamelContext scratch = RouteFileCheck.scratch(context);
        try {
            problems(context, scratch, after, planned -> name.equals(planned.file()), current, name).values().forEach(problems::addAll);
            if (problems.isEmpty()) {
                // the definitions parsed above: nothing reads them after this (building prepares them in place)
                built(scratch, parsed, after, name, problems);
            }
        } finally {
            scratch.stop();
        }
        return problems;
    }

    /**
     * The rest of what Camel checks only as it builds a route (an expression's syntax, an EIP's options), built on the
     * scratch context, not started: each of the file's own routes, and one route of each template the file defines, made
     * as the first route made from it will be. Camel would find it after it has taken the file's running routes away, and
     * leave none. One a template: the routes it makes share its parsed steps, which building prepares in place.
     */
    private static void built(CamelContext scratch, RouteFileCheck.Parsed parsed, List<Planned> after, String name, List<String> problems) {
        Set<String> templates = new HashSet<>();
        for (Planned route : after) {
            RouteTemplateDefinition template = route.template() == null ? null : parsed.template(route.template());
            boolean own = name.equals(route.file()) && parsed.routes().contains(route.definition());
            if (own || template != null && templates.add(template.getId())) {
                RouteDefinitionHelper.prepareRoute(scratch, route.definition());
                String why = unbuildable(scratch, route, template);
                if (why != null) {
                    problems.add(where(route.id(), route.definition(), template) + why);
                }
            }
        }
    }

    /**
     * For {@code java -jar adrelay.jar check}, once {@link #atStart} found nothing: every file's own route, and one route
     * of each template a file defines or makes routes from, built on the check's own context, which never starts (a
     * start builds them itself, once).
     */
    public static List<String> unbuildable(CamelContext context, MadeRoutes made) {
        List<String> lines = new ArrayList<>();
        Set<String> templates = new HashSet<>();
        Model model = model(context);
        for (Planned route : current(model, made)) {
            if (route.file() == null || route.template() != null && !templates.add(route.template())) {
                continue;
            }
            RouteTemplateDefinition template = route.template() == null ? null : model.getRouteTemplateDefinition(route.template());
            String why = unbuildable(context, route, template);
            if (why != null) {
                lines.add("route file " + made.file(route.file()).where() + ": " + where(route.id(), route.definition(), template) + why);
            }
        }
        return lines;
    }

    /**
     * Why Camel cannot build the route; one made from a template (when not null) with its parameters as Camel gives them
     * (local properties). Nothing for a template with beans of its own: Camel makes those only as it makes a route from it.
     */
    private static String unbuildable(CamelContext context, Planned route, RouteTemplateDefinition template) {
        if (template == null) {
            return unbuildable(context, route.definition());
        }
        if (template.getTemplateBeans() != null && !template.getTemplateBeans().isEmpty()) {
            return null;
        }
        Properties local = new Properties();
        route.parameters().forEach((name, value) -> local.put(name, String.valueOf(value)));
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocalProperties(local);
        try {
            return unbuildable(context, route.definition());
        } finally {
            properties.setLocalProperties(null);
        }
    }

    /** Where a route Camel cannot build fails: the route at its line, or the template it is made from at the template's. */
    private static String where(String routeId, RouteDefinition route, RouteTemplateDefinition template) {
        return template == null ? RouteFileCheck.at("route " + routeId + ": ", route)
                : RouteFileCheck.at("template " + template.getId() + " (route " + routeId + "): ", template);
    }

    /** Why Camel cannot build the route (its processors, not started) on this context; null when it can. */
    private static String unbuildable(CamelContext context, RouteDefinition route) {
        try {
            new RouteReifier(context, route).createRoute();
            return null;
        } catch (RuntimeException failed) {
            return RouteFileCheck.rootMessage(failed);
        }
    }

    /** The routes defined now, with who made them. */
    private static List<Planned> current(Model model, MadeRoutes made) {
        List<Planned> routes = new ArrayList<>();
        for (RouteDefinition route : MadeRoutes.definitions(model)) {
            String template = made.templateOf(route);
            String file = made.fileOfRoute(route.getRouteId());
            if (file == null && template != null) {
                file = made.fileOfTemplate(template);
            }
            Map<String, Object> parameters = route.getTemplateParameters() == null ? Map.of() : route.getTemplateParameters();
            routes.add(new Planned(route.getRouteId(), route, parameters, file, template));
        }
        return routes;
    }

    /** The route the template would make with these parameters (its defaults where none is given). */
    private static Planned made(RouteTemplateDefinition template, String id, Map<String, Object> given, String file, List<String> problems) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
            if (parameter.getDefaultValue() != null) {
                put(parameters, parameter.getName(), parameter.getDefaultValue());
            } else if (parameter.isRequired() && !given.containsKey(parameter.getName())) {
                missing.add(parameter.getName());
            }
        }
        given.forEach((name, value) -> put(parameters, name, value));
        if (!missing.isEmpty()) {
            problems.add("template " + template.getId() + " (route " + id + "): the route gives no " + String.join(", ", missing));
        }
        RouteDefinition route = template.asRouteDefinition();
        route.setId(id);
        return new Planned(id, route, parameters, file, template.getId());
    }

    /** As Camel does, a parameter is known by its kebab-case and camelCase names alike. */
    private static void put(Map<String, Object> parameters, String name, Object value) {
        parameters.put(name, value);
        parameters.put(StringHelper.dashToCamelCase(name), value);
        parameters.put(StringHelper.camelCaseToDash(name), value);
    }

    /**
     * The problems of the routes {@code checked} picks, by file name: the endpoints of a route made from a template, and
     * the direct: endpoints it sends to that no route consumes. With {@code before} (the routes as they are), a send of
     * a route not picked counts too when the change takes its consumer away: a problem of file {@code blame}.
     */
    private static Map<String, List<String>> problems(CamelContext context, CamelContext endpoints, List<Planned> routes,
                                                      Predicate<Planned> checked, List<Planned> before, String blame) {
        Map<String, Map<String, Set<String>>> found = new LinkedHashMap<>();
        // the lines of the file each problem is found at, to say where to look
        Map<String, Set<Integer>> lines = new LinkedHashMap<>();
        for (Planned route : routes) {
            if (route.template() != null && checked.test(route)) {
                Map<String, Integer> reasons = new LinkedHashMap<>();
                for (Uri uri : uris(route.definition())) {
                    List<String> said = new ArrayList<>();
                    RouteFileCheck.check(context, (id, where, resolved) -> endpoints.getEndpoint(resolved), route.id(), uri.uri(),
                            route.parameters(), "", said);
                    said.forEach(reason -> reasons.putIfAbsent(reason, uri.line()));
                }
                reasons.forEach((reason, line) -> {
                    String key = "template " + route.template() + " (" + ROUTES + "): " + reason;
                    found.computeIfAbsent(route.file(), f -> new LinkedHashMap<>()).computeIfAbsent(key, r -> new LinkedHashSet<>()).add(route.id());
                    lines.computeIfAbsent(route.file() + key, k -> new java.util.TreeSet<>()).add(line);
                });
            }
        }
        Set<String> consumedBefore = before == null ? Set.of() : consumed(context, before);
        Set<String> consumed = consumed(context, routes);
        for (Planned route : routes) {
            for (Map.Entry<String, Integer> send : sends(context, route).entrySet()) {
                String target = send.getKey();
                boolean broken = !consumed.contains(target);
                // another route's send: this change's fault only when it had a consumer before
                boolean ours = checked.test(route) || before != null && consumedBefore.contains(target);
                if (broken && ours) {
                    String file = checked.test(route) ? route.file() : blame;
                    String key = "no route consumes direct:" + target + ", which " + ROUTES + " to";
                    found.computeIfAbsent(file, f -> new LinkedHashMap<>()).computeIfAbsent(key, r -> new LinkedHashSet<>()).add(route.id());
                    if (checked.test(route)) {
                        lines.computeIfAbsent(file + key, k -> new java.util.TreeSet<>()).add(send.getValue());
                    }
                }
            }
        }
        Map<String, List<String>> problems = new LinkedHashMap<>();
        found.forEach((file, reasons) -> reasons.forEach((reason, ids) -> problems.computeIfAbsent(file, f -> new ArrayList<>())
                .add(reason.replace(ROUTES, routes(ids, reason.startsWith("no route"))) + lines(lines.get(file + reason)))));
        return problems;
    }

    /** " (line 9)", " (lines 9, 14)", or nothing when no line is known (a route of Java's). */
    private static String lines(Set<Integer> lines) {
        List<String> known = lines == null ? List.of() : lines.stream().filter(line -> line > 0).map(String::valueOf).toList();
        if (known.isEmpty()) {
            return "";
        }
        return (known.size() == 1 ? " (line " : " (lines ") + String.join(", ", known) + ")";
    }

    /** An endpoint URI of a route and the line of the file it is written on (0 when not known). */
    private record Uri(String uri, int line) {
    }

    /** "route a" or "routes a, b", and for a send "route a sends" or "routes a, b send". */
    private static String routes(Set<String> ids, boolean send) {
        String list = (ids.size() == 1 ? "route " : "routes ") + String.join(", ", ids);
        return send ? list + (ids.size() == 1 ? " sends" : " send") : list;
    }

    /** The direct: endpoints some route consumes. */
    private static Set<String> consumed(CamelContext context, List<Planned> routes) {
        Set<String> consumed = new HashSet<>();
        for (Planned route : routes) {
            if (route.definition().getInput() != null && route.definition().getInput().getUri() != null) {
                String name = direct(context, route.definition().getInput().getUri(), route.parameters());
                if (name != null) {
                    consumed.add(name);
                }
            }
        }
        return consumed;
    }

    /** The direct: endpoints the route sends to, by name, each with the line of its first send. */
    private static Map<String, Integer> sends(CamelContext context, Planned route) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (Uri uri : sendUris(route.definition().getOutputs(), new ArrayList<>())) {
            String name = direct(context, uri.uri(), route.parameters());
            if (name != null) {
                targets.putIfAbsent(name, uri.line());
            }
        }
        return targets;
    }

    private static List<Uri> uris(RouteDefinition route) {
        List<Uri> uris = new ArrayList<>();
        if (route.getInput() != null && route.getInput().getUri() != null) {
            uris.add(new Uri(route.getInput().getUri(), RouteFileCheck.line(route.getInput())));
        }
        return sendUris(route.getOutputs(), uris);
    }

    private static List<Uri> sendUris(List<ProcessorDefinition<?>> outputs, List<Uri> uris) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getUri() != null) {
                uris.add(new Uri(send.getUri(), RouteFileCheck.line(send)));
            }
            sendUris(output.getOutputs(), uris);
        }
        return uris;
    }

    /** The name of the direct: endpoint the URI names; null for any other, or one that does not resolve (said elsewhere). */
    private static String direct(CamelContext context, String uri, Map<String, Object> parameters) {
        String resolved;
        try {
            resolved = RouteFileCheck.resolve(context, uri, parameters).trim();
        } catch (RuntimeException unresolved) {
            return null;
        }
        if (!resolved.startsWith("direct:")) {
            return null;
        }
        String name = resolved.substring("direct:".length());
        name = name.startsWith("//") ? name.substring(2) : name;
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    private static Model model(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }
}
