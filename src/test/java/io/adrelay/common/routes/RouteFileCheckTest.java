package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of route files, one file at a time: what an operator reads when a file is refused. */
class RouteFileCheckTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatDoesNotParseIsNamedWithLineAndColumn() throws Exception {
        Path file = write("nightly-pull.camel.yaml", """
                - route:
                    id: nightly-pull
                    timeout 60s
                    from:
                      uri: direct:nightly-pull
                      steps:
                        - log: pulled
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<String> problems = RouteFileCheck.problems(context, List.of(resource(context, file)), new MadeRoutes());
            assertEquals(List.of("route file " + file + ": it does not parse: while scanning a simple key at line 3, column 5,"
                    + " could not find expected ':' at line 4, column 5"), problems);
        }
    }

    @Test
    void aFileParsedOnceStillMakesItsOwnBeans() throws Exception {
        // parsed by the YAML loader alone, without the pre-parse Camel's routes loader does for top-level beans
        Path file = write("nightly-beans.camel.yaml", """
                - beans:
                    - name: nightlyNames
                      type: java.util.ArrayList
                - route:
                    id: nightly-beans
                    from:
                      uri: direct:nightly-beans
                      steps:
                        - bean:
                            ref: nightlyNames
                            method: size
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFileCheck.Parsed parsed = RouteFileCheck.parse(context, resource(context, file));
            assertEquals(java.util.Set.of("nightly-beans"), parsed.ids());
            assertTrue(context.getRegistry().lookupByName("nightlyNames") instanceof java.util.ArrayList);
        }
    }

    @Test
    void twoFilesDeclaringOneTemplateAreRefused_andTheTemplatedRoutesNeedIds() throws Exception {
        String template = """
                - routeTemplate:
                    id: nightly-schedule
                    parameters:
                      - name: cron
                    route:
                      routeConfigurationId: http-api
                      from:
                        uri: "quartz:nightly/{{cron}}"
                        steps:
                          - log: fired
                """;
        Path first = write("nightly-a.camel.yaml", template);
        Path second = write("nightly-b.camel.yaml", template + """
                - templatedRoute:
                    routeTemplateRef: nightly-schedule
                    parameters:
                      - {name: cron, value: "0 0 4 * * ?"}
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            MadeRoutes made = new MadeRoutes();
            List<String> problems = RouteFileCheck.problems(context, List.of(resource(context, first), resource(context, second)), made);
            assertEquals(List.of("route file " + second + ": templatedRoute of nightly-schedule: give it a routeId",
                    "route file " + second + ": template nightly-schedule: nightly-a.camel.yaml declares a template of this id too"), problems);
            assertEquals(java.util.Set.of("nightly-schedule"), made.file("nightly-a.camel.yaml").templateIds());
        }
    }

    /** Each problem of a step names the line the step is written on, so that the offline check points at it. */
    @Test
    void aProblemOfAStepNamesItsLine() throws Exception {
        Path file = write("nightly-pull.camel.yaml", """
                - route:
                    id: nightly-pull
                    routeConfigurationId: http-api
                    from:
                      uri: quartz:nightly/pull
                      parameters:
                        cron: "0 0 4 * * ?"
                        trigger.timeZone: Mars/Olympus
                      steps:
                        - log: pulling
                        - to: nosuchcomponent:foo
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<String> problems = RouteFileCheck.problems(context, List.of(resource(context, file)), new MadeRoutes());
            assertEquals(List.of("route file " + file + ": route nightly-pull, line 5: trigger.timeZone Mars/Olympus is not a time zone"
                            + " (e.g. UTC, Europe/Berlin)",
                    "route file " + file + ": route nightly-pull, line 11: No endpoint could be found for: nosuchcomponent://foo, please check"
                            + " your classpath contains the needed Camel component jar."), problems);
        }
    }

    /**
     * At start the files are parsed once, into the builders camel-main adds, and no second context is made (it cost
     * seconds of every start): an endpoint is created on the real context once it is configured, and one that cannot be
     * made is named with its file and line, as the check on a scratch context names it.
     */
    @Test
    void atStartNoSecondContextIsMade_andAnEndpointIsTriedOnTheRealOneWithTheSameLine() throws Exception {
        Path file = write("nightly-pull.camel.yaml", """
                - route:
                    id: nightly-pull
                    routeConfigurationId: http-api
                    from:
                      uri: quartz:nightly/pull
                      parameters:
                        cron: "0 0 4 * * ?"
                      steps:
                        - log: pulling
                        - to: file:out?noSuchOption=1
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Resource> files = List.of(resource(context, file));
            MadeRoutes made = new MadeRoutes();
            int before = contextNumber();
            RouteFileCheck.Loaded loaded = RouteFileCheck.load(context, files, made);
            assertEquals(before + 1, contextNumber(), "no context was made in between");
            assertEquals(List.of(), loaded.problems());
            assertEquals(1, loaded.builders().size());
            assertEquals(java.util.Set.of("nightly-pull"), made.file("nightly-pull.camel.yaml").routeIds());

            List<String> problems = loaded.endpoints().create(context);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("route file " + file + ": route nightly-pull, line 10: "), problems.get(0));
            assertTrue(problems.get(0).contains("noSuchOption"), problems.get(0));
            assertEquals(RouteFileCheck.problems(context, files, new MadeRoutes()), problems, "the scratch context's lines");
        }
    }

    /** A file with a problem found before its endpoints: the lines are the whole check's, as if nothing had been kept. */
    @Test
    void atStartAFileWithAProblemIsCheckedWhole() throws Exception {
        Path file = write("nightly-pull.camel.yaml", """
                - route:
                    routeConfigurationId: http-api
                    from:
                      uri: quartz:nightly/pull
                      steps:
                        - to: nosuchcomponent:foo
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Resource> files = List.of(resource(context, file));
            MadeRoutes made = new MadeRoutes();
            RouteFileCheck.Loaded loaded = RouteFileCheck.load(context, files, made);
            assertEquals(List.of("route file " + file + ": route without an id, line 1: give it an id",
                    "route file " + file + ": route without an id, line 6: No endpoint could be found for: nosuchcomponent://foo, please"
                            + " check your classpath contains the needed Camel component jar."), loaded.problems());
            assertEquals(List.of(), loaded.builders());
        }
    }

    /**
     * The routes of a flow left out are not built: their endpoints are not made (nothing of their component is loaded),
     * only their component looked for; the routes kept have theirs made.
     */
    @Test
    void atStartTheEndpointsOfRoutesLeftOutAreOnlyLookedUpByComponent() throws Exception {
        Path file = write("nightly-pull.camel.yaml", """
                - route:
                    id: nightly-pull
                    routeConfigurationId: http-api
                    from:
                      uri: direct:nightly-pull
                      steps:
                        - to: nosuchcomponent:foo
                        - to: file:out?noSuchOption=1
                - route:
                    id: kept-pull
                    routeConfigurationId: http-api
                    from:
                      uri: direct:kept-pull
                      steps:
                        - to: log:kept
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFileCheck.Loaded loaded = RouteFileCheck.load(context, List.of(resource(context, file)), new MadeRoutes());
            assertEquals(List.of(), loaded.problems());
            context.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class).setRouteFilterPattern(null, "nightly-*");
            assertEquals(List.of("route file " + file + ": route nightly-pull, line 7: No endpoint could be found for: nosuchcomponent://foo,"
                    + " please check your classpath contains the needed Camel component jar."), loaded.endpoints().create(context));
            assertEquals(null, context.hasComponent("file"), "the left-out route's file endpoint is not made");
            assertTrue(context.hasEndpoint("log://kept") != null, "the kept route's endpoint is made: " + context.getEndpointRegistry().keySet());
        }
    }

    /** The number in the name of the next context made (camel-N): one more for each context made meanwhile. */
    private static int contextNumber() throws Exception {
        try (DefaultCamelContext probe = new DefaultCamelContext()) {
            return Integer.parseInt(probe.getName().substring("camel-".length()));
        }
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Resource resource(DefaultCamelContext context, Path file) {
        return ResourceHelper.resolveResource(context, "file:" + file);
    }
}
