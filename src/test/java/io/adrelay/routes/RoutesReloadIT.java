package io.adrelay.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.BsaSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators edit routes/*.camel.yaml while adrelay runs: a good edit takes effect, a broken one is refused. */
@CamelMainTest(properties = "adrelay.profile=prod")
class RoutesReloadIT {
    private static final String JOB = "bsa-pull-report-lineitems";
    private static final String EXTRA = "bsa-pull-report-lineitems-often";

    @TempDir
    Path data;
    @TempDir
    Path routes;
    @BeanInject
    CamelContext context;

    final BsaSimulator bsa = new BsaSimulator("reload-key-123456", LocalDate.now()).start();
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) throws Exception {
        for (String file : List.of("bsa-pull-report.camel.yaml", "bsa-egress.camel.yaml")) {
            Files.copy(Path.of("routes").resolve(file), routes.resolve(file));
        }
        // an operator's step of an egress call (the BSA flow's files have none): it runs without an error handler of its own
        Files.writeString(routes.resolve("bsa-egress-step.camel.yaml"), """
                - route:
                    id: bsa-egress-step
                    routeConfigurationId: egress
                    from:
                      uri: direct:bsa-egress-step
                      steps:
                        - log: "a step of another route's call"
                """);
        app = TestRuntime.prod("bsa", data.toString())
                .set("bsa.base-url", bsa.baseUrl()).set("bsa.api-key", "reload-key-123456")
                .set("bsa.catch-up.enabled", "false")
                .set("adrelay.routes.dir", routes.toString())
                .set("bsa.report.cron", "0 15 6 * * ?");
        main.addMainListener(app);
    }

    @AfterEach
    void stopSimulator() {
        bsa.close();
    }

    @Test
    void aSavedScheduleTakesEffectWhileRunning_aBrokenFileIsRefused() throws Exception {
        assertEquals("0 15 6 * * ?", cron(JOB));
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);

        // the operator adds a schedule pulling lineitems every second
        Files.writeString(file, original + schedule(EXTRA, "0/1 * * * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "0/1 * * * * ?".equals(cron(EXTRA)));
        Path pulled = data.resolve("outbox/bsa/lineitems").resolve(LocalDate.now().minusDays(1) + ".csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pulled));

        // then saves a broken edit: refused, and the running routes keep running as they were
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original.replace("- route:", "- route: [unclosed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertEquals("0/1 * * * * ?", cron(EXTRA));
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(EXTRA));
        assertEquals("0 15 6 * * ?", cron(JOB));
        assertTrue(context.getRoutes().size() >= 4);
    }

    /**
     * The start reads each route file once, in its check, and its routes are prepared then: the route configurations must
     * be there already, or a file's route would run with Camel's default error handler (no retry policy, no dead letter)
     * and an egress step with one of its own. A file saved while running gets them too.
     */
    @Test
    void everyRouteOfAFileRunsWithTheConfigurationItNames_atStartAndOnceSaved() throws Exception {
        assertEquals(Set.of("http-api", "egress"), routesOfFiles().stream().map(RouteDefinition::getRouteConfigurationId)
                .collect(java.util.stream.Collectors.toSet()));
        routesOfFiles().forEach(RoutesReloadIT::assertItsConfigurationApplies);

        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        Files.writeString(file, Files.readString(file) + schedule(EXTRA, "0 0 4 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getRoute(EXTRA) != null);
        RouteDefinition saved = routesOfFiles().stream().filter(route -> EXTRA.equals(route.getRouteId())).findFirst().orElseThrow();
        assertItsConfigurationApplies(saved);
    }

    private List<RouteDefinition> routesOfFiles() {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(route -> route.getResource() != null && route.getRouteConfigurationId() != null).toList();
    }

    private static void assertItsConfigurationApplies(RouteDefinition route) {
        String named = route.getRouteConfigurationId();
        assertEquals(Set.of(named), route.getAppliedRouteConfigurationIds(), route.getRouteId());
        boolean egress = "egress".equals(named);
        assertEquals(egress, route.getErrorHandlerFactory() instanceof NoErrorHandlerDefinition,
                route.getRouteId() + " (" + named + "): " + route.getErrorHandlerFactory());
        assertEquals(!egress, route.getOutputs().stream().anyMatch(OnExceptionDefinition.class::isInstance),
                route.getRouteId() + " (" + named + ") handles exceptions as its configuration says");
    }

    @Test
    void anEditThatParsesButCannotBeBuiltIsRefusedWholeAndReportedUntilFixed() throws Exception {
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();

        // the hour 25 parses as YAML, but no Quartz trigger can be built from it
        Files.writeString(file, original + schedule(EXTRA, "0 30 25 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        for (String job : List.of("bsa-pull-report-lineitems", "bsa-pull-report-daily-stats", "bsa-pull-report-creatives")) {
            assertEquals("0 15 6 * * ?", cron(job), job + " keeps its schedule");
        }
        assertEquals(null, context.getRoute(EXTRA), "nothing of the refused file runs");
        HttpResponse<String> health = app.get("/observe/health");
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("bsa-pull-report.camel.yaml") && health.body().contains("Hour values must be between 0 and 23"),
                health.body());
        assertEquals(200, app.get("/observe/health/ready").statusCode(), "a refused edit does not take the service down");

        // an unknown endpoint and an unresolved placeholder are refused the same way
        Files.writeString(file, original.replace("to: direct:bsa-egress-get", "to: nosuchcomponent:x")
                .replace("uri: direct:bsa-pull-report-day", "uri: \"direct:{{no.such.key}}\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore + 1);
        assertTrue(app.get("/observe/health").body().contains("no.such.key"));

        Files.writeString(file, original);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);
    }

    @Test
    void aNewFileRunsAtOnce_aDeletedOneGoesOrFallsBackToThePackagedFile() throws Exception {
        // a new file, only in the override directory, its own flow name: loaded and started, like a saved one
        Path extra = routes.resolve("nightly-pull.camel.yaml");
        Files.writeString(extra, schedule("nightly-pull", "0/1 * * * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getRoute("nightly-pull") != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getRouteController().getRouteStatus("nightly-pull") == ServiceStatus.Started);
        Path pulled = data.resolve("outbox/bsa/lineitems").resolve(LocalDate.now().minusDays(1) + ".csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pulled));
        assertEquals(200, app.get("/observe/health").statusCode());

        // deleted: its routes go, and health has nothing to say about a file that is not there
        Files.delete(extra);
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getRoute("nightly-pull") == null);
        assertEquals(200, app.get("/observe/health").statusCode(), app.get("/observe/health").body());

        // an override of a packaged file, with a schedule of its own, refused once, then deleted: the packaged file runs again
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original + schedule(EXTRA, "0 0 4 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "0 0 4 * * ?".equals(cron(EXTRA)));
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original + schedule(EXTRA, "0 30 25 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertEquals(503, app.get("/observe/health").statusCode());
        Files.delete(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getRoute(EXTRA) == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);
        for (String route : List.of("bsa-pull-report-core", "bsa-pull-report-day", JOB)) {
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(route), route);
        }
        assertEquals("0 15 6 * * ?", cron(JOB));
        assertEquals("classpath:routes/bsa-pull-report.camel.yaml", context.getRoute("bsa-pull-report-core").getSourceResource().getLocation());
    }

    /**
     * The schedules of the reports are made in Java (bsa.reports) from the template in bsa-pull-report.camel.yaml:
     * a saved template remakes them, and a template whose routes could not run is refused whole.
     */
    @Test
    void aSavedTemplateRemakesTheRoutesMadeFromIt_oneWhoseRoutesCannotRunIsRefusedWhole() throws Exception {
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        List<String> jobs = List.of(JOB, "bsa-pull-report-daily-stats", "bsa-pull-report-creatives", "bsa-pull-report-creatives-daily-stats");
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);

        Files.writeString(file, original.replace("cron: \"{{cron}}\"", "cron: \"0 45 7 * * ?\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> allScheduled(jobs, "0 45 7 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);
        for (String job : jobs) {
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(job), job);
        }

        // the parameters are fine (bsa.report.<report>.cron), the template is not: the routes as made from it are checked
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original.replace("cron: \"{{cron}}\"", "cron: \"0 30 25 * * ?\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        for (String job : jobs) {
            assertEquals("0 45 7 * * ?", cron(job), job + " keeps the schedule it had");
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(job), job);
        }
        String reason = refusal("routes", "bsa-pull-report.camel.yaml");
        assertTrue(reason.contains("template bsa-pull-report") && reason.contains("Hour values must be between 0 and 23")
                && reason.contains(JOB), reason);
        assertEquals(200, app.get("/observe/health/ready").statusCode(), "a refused edit does not take the service down");

        Files.writeString(file, original);
        await().atMost(Duration.ofSeconds(30)).until(() -> allScheduled(jobs, "0 15 6 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);
    }

    /** A templatedRoute of a file is made again when the file is saved, with the parameters it has now. */
    @Test
    void aSavedTemplatedRouteIsMadeAgain() throws Exception {
        Path file = routes.resolve("bsa-egress.camel.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("value: \"{{bsa.throttle.requests}}\"", "value: \"7\""));
        ModelCamelContext model = (ModelCamelContext) context;
        await().atMost(Duration.ofSeconds(30)).until(() -> model.getRouteDefinition("bsa-egress-get") != null
                && "7".equals(model.getRouteDefinition("bsa-egress-get").getTemplateParameters().get("requests")));
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getRouteController().getRouteStatus("bsa-egress-get") == ServiceStatus.Started);
        assertEquals(200, app.get("/observe/health").statusCode(), app.get("/observe/health").body());
    }

    /**
     * A bean mistyped (in a step, or as a template's parameter), an expression that does not parse (in a route, or in a
     * template): found before the save takes anything away. Camel would build the file's routes only after removing the
     * running ones, and leave none.
     */
    @Test
    void aSaveCamelCouldNotBuildIsRefusedAndThePreviousRoutesStillRun() throws Exception {
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        String reason = refusedSave(file, original.replace("ref: bsaReportFiles", "ref: bsaReportFile"), "bsa-pull-report-day");
        assertTrue(reason.contains("route bsa-pull-report-day, line ") && reason.contains("there is no bean bsaReportFile "), reason);

        Path catchUp = routes.resolve("bsa-catch-up-reports.camel.yaml");
        reason = refusedSave(catchUp, Files.readString(Path.of("routes/bsa-catch-up-reports.camel.yaml")).replace("value: bsaCatchUp}", "value: bsaCatchup}"),
                "bsa-catch-up-reports");
        assertTrue(reason.contains("route bsa-catch-up-reports: there is no bean bsaCatchup "), reason);

        reason = refusedSave(file, original.replace("method=alreadyPulled}\"", "method=alreadyPulled\""), "bsa-pull-report-day");
        assertTrue(reason.contains("route bsa-pull-report-day, line ") && reason.contains("expected symbol functionEnd"), reason);

        // the same in the file's template, which none of its own routes shows: the schedules Java makes from it
        reason = refusedSave(file, original.replace("constant: \"{{report}}\"", "simple: \"${header.AdrelayReport\""), JOB);
        assertTrue(reason.contains("template bsa-pull-report (route bsa-pull-report-") && reason.contains("), line 8: expected symbol functionEnd"), reason);

        Files.writeString(file, original);
        Files.delete(catchUp);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);
    }

    /**
     * Saves the route file so, waits for its refusal and answers the reason health gives; the route named still runs. The
     * reason is awaited too: a save can be seen as two changes, and the second one's failure count the next save's.
     */
    private String refusedSave(Path file, String content, String stillRunning) throws Exception {
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        String reasonBefore = routesReason();
        Files.writeString(file, content);
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore
                && !routesReason().equals(reasonBefore));
        String reason = refusal("routes", file.getFileName().toString());
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(stillRunning), "the previous route runs");
        return reason;
    }

    /** A direct: endpoint no route consumes would hang the sender for its timeout, then dead-letter what it sent. */
    @Test
    void aFileSendingToADirectEndpointNoRouteConsumesIsRefused() throws Exception {
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        Path extra = routes.resolve("nightly-pull.camel.yaml");
        long failedBefore = reload.getFailedCounter();
        Files.writeString(extra, schedule("nightly-pull", "0 0 4 * * ?").replace("to: direct:bsa-pull-report", "to: direct:bsa-pull-reprot"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertEquals(null, context.getRoute("nightly-pull"), "nothing of the refused file runs");
        String reason = refusal("routes", "nightly-pull.camel.yaml");
        assertTrue(reason.contains("route nightly-pull") && reason.contains("direct:bsa-pull-reprot") && reason.contains("no route consumes"),
                reason);

        // sent to a route of another file: fine
        Files.writeString(extra, schedule("nightly-pull", "0 0 4 * * ?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getRoute("nightly-pull") != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health").statusCode() == 200);

        // a save that takes away the route others send to (nightly-pull, the schedules made from the template): refused
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        long failedThen = reload.getFailedCounter();
        Files.writeString(file, original.replace("      uri: direct:bsa-pull-report\n", "      uri: direct:bsa-pull-report-all\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedThen);
        reason = refusal("routes", "bsa-pull-report.camel.yaml");
        assertTrue(reason.contains("no route consumes direct:bsa-pull-report,") && reason.contains("nightly-pull") && reason.contains(JOB), reason);
        assertEquals("direct://bsa-pull-report", context.getRoute("bsa-pull-report-core").getEndpoint().getEndpointUri());
    }

    /** A file that does not parse names the place, and health shows paths as they are. */
    @Test
    void aFileThatDoesNotParseIsRefusedWithLineAndColumn() throws Exception {
        Path file = routes.resolve("bsa-pull-report.camel.yaml");
        String original = Files.readString(file);
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        long failedBefore = reload.getFailedCounter();
        Files.writeString(file, original.replace("    id: bsa-pull-report-core\n", "    id: bsa-pull-report-core\n    timeout 60s\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        int line = (int) original.substring(0, original.indexOf("    id: bsa-pull-report-core\n")).lines().count() + 2;
        String reason = "it does not parse: while scanning a simple key at line " + line + ", column 5, could not find expected ':' at line "
                + (line + 1) + ", column 5 (its previous routes still run)";
        String message = refusal("routes", "bsa-pull-report.camel.yaml");
        assertTrue(message.endsWith(": bsa-pull-report.camel.yaml: " + reason), message);
        assertFalse(message.contains("\\"), "nothing escaped: " + message);
        // the whole reason, path included, as it is
        String data = app.get("/observe/health?data=true").body();
        assertEquals(file + ": " + reason, check(data, "routes").path("data").path("bsa-pull-report.camel.yaml").asText(), data);
        assertTrue(data.contains("\"" + file + ": it does not parse"), "the path as it is, not with escaped slashes: " + data);
    }

    private boolean allScheduled(List<String> jobs, String cron) throws Exception {
        for (String job : jobs) {
            if (!cron.equals(cron(job))) {
                return false;
            }
        }
        return true;
    }

    /** The message of a health check that reports a refused file, by its name (HTTP 503 meanwhile). */
    private String refusal(String check, String name) throws Exception {
        HttpResponse<String> health = app.get("/observe/health");
        assertEquals(503, health.statusCode(), health.body());
        JsonNode found = check(health.body(), check);
        assertEquals("DOWN", found.path("status").asText(), found.toString());
        assertTrue(found.path("message").asText().contains(name), found.toString());
        return found.path("message").asText();
    }

    /** What health says of the route files now; empty when it says nothing (all taken). */
    private String routesReason() throws Exception {
        return checkOrNone(app.get("/observe/health").body(), "routes").path("message").asText();
    }

    private static JsonNode check(String health, String name) throws Exception {
        JsonNode found = checkOrNone(health, name);
        if (found.isMissingNode()) {
            throw new AssertionError("no check " + name + " in " + health);
        }
        return found;
    }

    /** The health check of that name, or a missing node when health lists none. */
    private static JsonNode checkOrNone(String health, String name) throws Exception {
        for (JsonNode c : Json.MAPPER.readTree(health).path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    /** A report the configuration names (bsa.reports) whose schedule does not run (stopped by an operator, say). */
    @Test
    void readinessSaysWhichDeclaredJobDoesNotRun() throws Exception {
        assertEquals(200, app.get("/observe/health/ready").statusCode());
        context.getRouteController().stopRoute("bsa-pull-report-creatives");
        HttpResponse<String> ready = app.get("/observe/health/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("bsa-pull-report-creatives (bsa, Stopped)"), ready.body());
        assertTrue(!ready.body().contains("bsa-pull-report-creatives-daily-stats"), ready.body());
    }

    /** An operator's own schedule of a report, as a plain route in the route file. */
    private static String schedule(String id, String cron) {
        return """
                - route:
                    id: %s
                    routeConfigurationId: http-api
                    from:
                      uri: quartz:bsa/%s
                      parameters:
                        cron: "%s"
                      steps:
                        - setHeader:
                            name: AdrelayReport
                            constant: lineitems
                        - to: direct:bsa-pull-report
                """.formatted(id, id, cron);
    }

    private String cron(String job) throws Exception {
        for (JsonNode j : Json.MAPPER.readTree(app.get("/ops/jobs").body()).path("jobs")) {
            if (job.equals(j.path("id").asText())) {
                return j.path("cron").asText();
            }
        }
        return null;
    }
}
