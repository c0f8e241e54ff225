package io.adrelay.common.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Resource resource(DefaultCamelContext context, Path file) {
        return ResourceHelper.resolveResource(context, "file:" + file);
    }
}
