package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Whether an operator's route file can be built as it is, before anything running is touched: it
 * parses (else where it does not: line and column), every route, rest verb, templated route and template has an id
 * no other file uses, every route configuration named exists, every placeholder resolves, every endpoint can be
 * created, and every Quartz cron and time zone is valid. What its templates make, and whether its direct: endpoints
 * are consumed, depends on the other routes too: {@link RouteSetCheck}.
 */
public final class RouteFileCheck {

    private static final Set<String> CONFIGURATIONS = Set.of("http-api", "file-drop", "webhook", "egress");

    private RouteFileCheck() {
    }

    /** Every problem of the file saved while running, each naming the route it is in; empty when it can be built. */
    public static List<String> problems(CamelContext context, Resource file, MadeRoutes made) {
        DefaultCamelContext scratch = scratch(context);
        try {
            return check(context, (id, where, uri) -> scratch.getEndpoint(uri), file, parseOrNull(context, file), made).problems();
        } finally {
            scratch.stop();
        }
    }

    /**
     * The problems of the route files that will load, each line naming its file (at start, before any route exists);
     * {@code made} gets, by file name, the ids of the routes each file makes itself (its routes, rest verbs and templated
     * routes; not the routes Java makes from a template it declares) and of the templates it declares.
     */
    public static List<String> problems(CamelContext context, List<Resource> files, MadeRoutes made) {
        return problems(context, files, new HashMap<>(), made);
    }

    /** As above, with the files already parsed ({@code parses}, by file; those not in it are parsed here). */
    private static List<String> problems(CamelContext context, List<Resource> files, Map<Resource, ParseResult> parses, MadeRoutes made) {
        List<String> problems = new ArrayList<>();
        Map<String, String> templates = new HashMap<>();
        DefaultCamelContext scratch = scratch(context);
        try {
            for (Resource file : files) {
                ParseResult parse = parses.containsKey(file) ? parses.get(file) : parseOrNull(context, file);
                Checked checked = check(context, (id, where, uri) -> scratch.getEndpoint(uri), file, parse, made);
                List<String> found = new ArrayList<>(checked.problems());
                if (checked.parsed() == null) {
                    found.forEach(problem -> problems.add("route file " + RouteFiles.where(file) + ": " + problem));
                    continue;
                }
                made.file(RouteFiles.name(file), new MadeRoutes.FileRoutes(RouteFiles.where(file), checked.parsed().ids(),
                        checked.parsed().templateIds()));
                for (String template : checked.parsed().templateIds()) {
                    String other = templates.putIfAbsent(template, RouteFiles.name(file));
                    if (other != null) {
                        found.add("template " + template + ": " + other + " declares a template of this id too");
                    }
                }
                found.forEach(problem -> problems.add("route file " + RouteFiles.where(file) + ": " + problem));
            }
        } finally {
            scratch.stop();
        }
        return problems;
    }

    /**
     * The route files loaded at start: their problems (none when they can be built), else their builders (configured by
     * the check, their routes prepared with the route configurations already there: camel-main adds them as they are)
     * and endpoints.
     */
    public record Loaded(List<String> problems, List<RoutesBuilder> builders, StartEndpoints endpoints) {
    }

    /**
     * At start, with no second context: each file parsed once and checked as {@link #problems(CamelContext, List, MadeRoutes)} checks it, except its endpoints, kept to be
     * created on the real context once camel-main has configured it ({@link StartEndpoints}). When a file has a problem
     * the files are checked again as before, scratch context and all, so that an operator reads the same lines.
     */
    public static Loaded load(CamelContext context, List<Resource> files, MadeRoutes made) {
        StartEndpoints endpoints = new StartEndpoints();
        List<RoutesBuilder> builders = new ArrayList<>();
        // what the files make goes in only once they all pass: the check again would otherwise see them twice
        MadeRoutes trial = new MadeRoutes();
        Set<String> templates = new HashSet<>();
        // parsed once, also when the whole check runs again
        Map<Resource, ParseResult> parses = new HashMap<>();
        boolean refused = false;
        for (Resource file : files) {
            Collection<RoutesBuilder> loaded;
            Parsed parsed;
            try {
                loaded = builders(context, file);
                parsed = parse(context, loaded);
            } catch (Exception unparsable) {
                parses.put(file, new ParseResult(null, unparsable));
                refused = true;
                continue;
            }
            parses.put(file, new ParseResult(parsed, null));
            if (refused) {
                continue;
            }
            String inFile = "route file " + RouteFiles.where(file) + ": ";
            Checked checked = check(context, (id, where, uri) -> endpoints.add(id, inFile + where, uri), file, parsed, trial);
            boolean sharedTemplate = parsed.templateIds().stream().anyMatch(template -> !templates.add(template));
            refused = !checked.problems().isEmpty() || sharedTemplate;
            trial.file(RouteFiles.name(file), new MadeRoutes.FileRoutes(RouteFiles.where(file), parsed.ids(), parsed.templateIds()));
            builders.addAll(loaded);
        }
        if (refused) {
            return new Loaded(problems(context, files, parses, made), List.of(), endpoints);
        }
        for (Resource file : files) {
            made.file(RouteFiles.name(file), trial.file(RouteFiles.name(file)));
        }
        return new Loaded(List.of(), builders, endpoints);
    }

    /** What a file holds, parsed but not built. */
    record Parsed(List<RouteDefinition> routes, List<VerbDefinition> verbs, List<RouteTemplateDefinition> templates,
                  List<TemplatedRouteDefinition> templatedRoutes) {
        /** The ids of the routes the file makes itself. */
        Set<String> ids() {
            Set<String> ids = new LinkedHashSet<>();
            routes.forEach(route -> ids.add(route.getRouteId()));
            verbs.forEach(verb -> ids.add(verb.getRouteId()));
            templatedRoutes.forEach(templated -> ids.add(templated.getRouteId()));
            ids.remove(null);
            return ids;
        }

        Set<String> templateIds() {
            Set<String> ids = new LinkedHashSet<>();
            templates.forEach(template -> ids.add(template.getId()));
            ids.remove(null);
            return ids;
        }

        RouteTemplateDefinition template(String id) {
            return templates.stream().filter(template -> id.equals(template.getId())).findFirst().orElse(null);
        }
    }

    static Parsed parse(CamelContext context, Resource file) throws Exception {
        return parse(context, builders(context, file));
    }

    /**
     * The file loaded by Camel's YAML loader (route files are *.camel.yaml), not through its RoutesLoader's
     * findRoutesBuilders: that parses each file twice, the first time only to make top-level beans and Pipes before any
     * file loads (a twentieth of the main thread's start). A file's beans are still made as it loads.
     */
    private static Collection<RoutesBuilder> builders(CamelContext context, Resource file) throws Exception {
        RoutesBuilder builder = PluginHelper.getRoutesLoader(context).getRoutesLoader("yaml").loadRoutesBuilder(file);
        return builder == null ? List.of() : List.of(builder);
    }

    /** What the builders a file was loaded into hold (each configured once: camel-main reuses what they made). */
    static Parsed parse(CamelContext context, Collection<RoutesBuilder> builders) throws Exception {
        Parsed parsed = new Parsed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routeBuilder) {
                parsed.routes().addAll(routeBuilder.configureRoutes(context).getRoutes());
                routeBuilder.getRestCollection().getRests().forEach(rest -> parsed.verbs().addAll(rest.getVerbs()));
                parsed.templates().addAll(routeBuilder.getRouteTemplateCollection().getRouteTemplates());
                parsed.templatedRoutes().addAll(routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes());
            }
        }
        return parsed;
    }

    /** The file as parsed (null when it does not parse) and its problems. */
    private record Checked(Parsed parsed, List<String> problems) {
    }

    /** The file parsed, or its parse failure. */
    private record ParseResult(Parsed parsed, Exception unparsable) {
    }

    private static ParseResult parseOrNull(CamelContext context, Resource file) {
        try {
            return new ParseResult(parse(context, file), null);
        } catch (Exception unparsable) {
            return new ParseResult(null, unparsable);
        }
    }

    private static Checked check(CamelContext context, EndpointCheck endpoints, Resource file, Parsed parsed, MadeRoutes made) {
        return check(context, endpoints, file, new ParseResult(parsed, null), made);
    }

    private static Checked check(CamelContext context, EndpointCheck endpoints, Resource file, ParseResult result, MadeRoutes made) {
        List<String> problems = new ArrayList<>();
        if (result.parsed() == null) {
            problems.add("it does not parse: " + parseProblem(result.unparsable()));
            return new Checked(null, problems);
        }
        Parsed parsed = result.parsed();
        List<RouteDefinition> routes = parsed.routes();
        List<VerbDefinition> verbs = parsed.verbs();
        Set<String> elsewhere = new HashSet<>();
        Set<String> madeBefore = made.file(RouteFiles.name(file)).routeIds();
        for (Route route : context.getRoutes()) {
            // by name: an override written while running takes the place of the packaged file's routes (and the routes
            // its templatedRoutes made, which have no source)
            if ((route.getSourceResource() == null || !RouteFiles.name(file).equals(RouteFiles.name(route.getSourceResource())))
                    && !madeBefore.contains(route.getRouteId())) {
                elsewhere.add(route.getRouteId());
            }
        }
        Set<String> seen = new HashSet<>();
        for (RouteDefinition route : routes) {
            String id = route.getRouteId();
            String where = "route " + (id == null ? "without an id" : id) + ": ";
            String atRoute = at(where, route);
            if (id == null) {
                problems.add(atRoute + "give it an id");
            } else if (!seen.add(id) || elsewhere.contains(id)) {
                problems.add(atRoute + "another route already has this id");
            }
            if (route.getRouteConfigurationId() != null && !CONFIGURATIONS.contains(route.getRouteConfigurationId())) {
                problems.add(atRoute + "routeConfigurationId " + route.getRouteConfigurationId() + " is none of " + CONFIGURATIONS);
            }
            endpoint(context, endpoints, id, route.getInput(), where, problems);
            outputs(context, endpoints, id, route.getOutputs(), where, problems);
        }
        // each rest verb becomes a route of its own: without a routeId it would get a generated one, which no flow keeps
        for (VerbDefinition verb : verbs) {
            String id = verb.getRouteId();
            String where = at("rest " + verb.asVerb() + " " + verb.getRest().getPath() + (verb.getPath() == null ? "" : verb.getPath()) + ": ",
                    verb);
            if (id == null) {
                problems.add(where + "give it a routeId");
            } else if (!seen.add(id) || elsewhere.contains(id)) {
                problems.add(where + "another route already has the id " + id);
            }
            if (verb.getTo() == null) {
                problems.add(where + "it calls nothing: give it a to");
            } else {
                check(context, endpoints, id, verb.getTo().getUri(), where, problems);
            }
        }
        // what a templated route makes is checked with the other routes (RouteSetCheck): its template may be elsewhere
        for (TemplatedRouteDefinition templated : parsed.templatedRoutes()) {
            String id = templated.getRouteId();
            String where = at("templatedRoute of " + templated.getRouteTemplateRef() + ": ", templated);
            if (id == null) {
                problems.add(where + "give it a routeId");
            } else if (!seen.add(id) || elsewhere.contains(id)) {
                problems.add(where + "another route already has the id " + id);
            }
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> templates = new HashSet<>();
        for (RouteTemplateDefinition template : parsed.templates()) {
            String id = template.getId();
            if (id == null) {
                problems.add(at("template without an id: ", template) + "give it one");
            } else if (!templates.add(id) || declaredElsewhere(model, made, id, file)) {
                problems.add(at("template " + id + ": ", template) + "another template already has this id");
            }
        }
        return new Checked(parsed, problems);
    }

    /** Whether a template of this id comes from Java or another file (the file's own earlier version does not count). */
    private static boolean declaredElsewhere(Model model, MadeRoutes made, String id, Resource file) {
        return !RouteFiles.name(file).equals(made.fileOfTemplate(id))
                && model.getRouteTemplateDefinitions().stream().anyMatch(template -> id.equals(template.getId()));
    }

    private static void outputs(CamelContext context, EndpointCheck endpoints, String id, List<ProcessorDefinition<?>> outputs,
                                String where, List<String> problems) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getUri() != null) {
                check(context, endpoints, id, send.getUri(), at(where, send), problems);
            }
            outputs(context, endpoints, id, output.getOutputs(), where, problems);
        }
    }

    private static void endpoint(CamelContext context, EndpointCheck endpoints, String id, FromDefinition from, String where,
                                 List<String> problems) {
        if (from == null || from.getUri() == null) {
            problems.add(where + "it has no from");
            return;
        }
        check(context, endpoints, id, from.getUri(), at(where, from), problems);
    }

    /**
     * "route a: " as "route a, line 12: " when the definition knows the line it was read from (the YAML DSL records it), so
     * that an operator finds the step in the file.
     */
    static String at(String where, Object definition) {
        int line = line(definition);
        return line <= 0 || !where.endsWith(": ") ? where : where.substring(0, where.length() - 2) + ", line " + line + ": ";
    }

    /** The line a definition was read from; 0 when it is not known (a Java route). */
    static int line(Object definition) {
        return definition instanceof LineNumberAware aware ? Math.max(0, aware.getLineNumber()) : 0;
    }

    /**
     * A context to make endpoints (and build routes) in, apart from the running routes; its registry looks in the running
     * context's for the beans an endpoint names ({@code #inboxReadLocks}), which it never starts or stops, and its
     * placeholders resolve as the running context's do.
     */
    static DefaultCamelContext scratch(CamelContext context) {
        DefaultCamelContext scratch = new DefaultCamelContext(new DefaultRegistry(context.getRegistry()));
        scratch.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "the running context's properties";
            }

            @Override
            public String getProperty(String name) {
                return context.getPropertiesComponent().resolveProperty(name).orElse(null);
            }
        });
        return scratch;
    }

    private static void check(CamelContext context, EndpointCheck endpoints, String id, String uri, String where, List<String> problems) {
        check(context, endpoints, id, uri, Map.of(), where, problems);
    }

    /**
     * What is done with an endpoint URI once its placeholders resolve: created now (on a scratch context, or on the real
     * one at start), or kept to be created once the real context is configured. Throws when it cannot be created.
     */
    @FunctionalInterface
    interface EndpointCheck {
        /** The endpoint {@code resolved} of route {@code id} (null when it has none), written at {@code where}. */
        void check(String id, String where, String resolved) throws Exception;
    }

    /** Whether the endpoint can be created, its template parameters (if any) in place of their placeholders. */
    static void check(CamelContext context, EndpointCheck endpoints, String id, String uri, Map<String, Object> parameters,
                      String where, List<String> problems) {
        String resolved;
        try {
            resolved = resolve(context, uri, parameters);
        } catch (RuntimeException unresolved) {
            problems.add(where + rootMessage(unresolved));
            return;
        }
        try {
            if (resolved.startsWith("quartz:")) {
                quartz(resolved, where, problems);
            }
            // a context tells whether the component exists and takes these options: a scratch one while routes run, so that
            // none is touched (a bean endpoint would look for its bean there: the bean is the code's, not the file's)
            if (!resolved.startsWith("bean:")) {
                endpoints.check(id, where, resolved);
            }
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

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}:?]+)}}");

    /**
     * The URI with its placeholders resolved, a template's parameters first (as Camel's local properties would, without
     * touching the properties component running routes share).
     */
    static String resolve(CamelContext context, String uri, Map<String, Object> parameters) {
        String local = uri;
        if (!parameters.isEmpty()) {
            Matcher placeholder = PLACEHOLDER.matcher(uri);
            StringBuilder replaced = new StringBuilder();
            while (placeholder.find()) {
                Object value = parameters.get(placeholder.group(1).trim());
                placeholder.appendReplacement(replaced, Matcher.quoteReplacement(value == null ? placeholder.group() : value.toString()));
            }
            placeholder.appendTail(replaced);
            local = replaced.toString();
        }
        return context.resolvePropertyPlaceholders(local);
    }

    /** Why a file does not parse, with the line and column the YAML parser names (1-based, as an editor counts). */
    static String parseProblem(Exception unparsable) {
        MarkedYamlEngineException marked = null;
        for (Throwable cause = unparsable; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException yaml && (yaml.getContextMark().isPresent() || yaml.getProblemMark().isPresent())) {
                marked = yaml;
            }
        }
        if (marked == null) {
            return rootMessage(unparsable);
        }
        List<String> parts = new ArrayList<>();
        if (marked.getContext() != null) {
            parts.add(marked.getContext().trim() + marked.getContextMark().map(RouteFileCheck::at).orElse(""));
        }
        if (marked.getProblem() != null) {
            parts.add(marked.getProblem().trim() + marked.getProblemMark().map(RouteFileCheck::at).orElse(""));
        }
        return String.join(", ", parts).lines().map(String::trim).reduce((a, b) -> a + " " + b).orElse(rootMessage(unparsable));
    }

    private static String at(Mark mark) {
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }
}
