package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as a user starts it: a profile typo or a prod start with nothing set
 * stops with every problem on its own line and exit code 2; prod and the sandbox never share a
 * data dir; while it starts, every answer is Json.MAPPER.
 */
class StartupIT {

    static final Path JAR = Path.of("target/adrelay.jar");

    @TempDir
    Path work;

    @Test
    void aProfileTypoStopsWithOneLineAndExitCode2() throws Exception {
        Run run = run(Map.of("ADRELAY_PROFILE", "prd"));
        assertEquals(2, run.exitCode);
        assertEquals(List.of("Cannot start: ADRELAY_PROFILE=prd is not a profile: use sandbox, prod or cluster"), run.problems());
        assertFalse(run.output.contains("\tat "), "no stack trace");
        assertFalse(run.output.contains("SIGTERM"), "a refused start says nothing of a SIGTERM nobody sent:\n" + run.output);
    }

    @Test
    void theLogFormatIsReadInAnyCase() throws Exception {
        Run run = run(Map.of("ADRELAY_LOG_FORMAT", "JSON", "ADRELAY_PROFILE", "prd"));
        assertEquals(2, run.exitCode);
        List<String> lines = run.output.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), "JSON in capitals prints too");
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            assertTrue(Json.MAPPER.readTree(line).isObject(), line);
            assertFalse(line.contains("\"\""), "no empty field: " + line);
            messages.add(Json.MAPPER.readTree(line).path("message").asText());
        }
        assertEquals(List.of("Cannot start: ADRELAY_PROFILE=prd is not a profile: use sandbox, prod or cluster"),
                messages.stream().filter(m -> m.startsWith("Cannot start: ")).toList());
    }

    @Test
    void anUnknownLogFormatIsRefusedInOneLine() throws Exception {
        Run run = run(Map.of("ADRELAY_LOG_FORMAT", "xml", "ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9", "BSA_CATCH_UP_ENABLED", "false"));
        assertEquals(2, run.exitCode, run.output);
        assertEquals(List.of("Cannot start: ADRELAY_LOG_FORMAT=xml is not a log format: use text or json"), run.problems());
    }

    @Test
    void inJsonFormatEveryLineIsAJsonObjectWithSecretsMasked() throws Exception {
        Run run = run(Map.of("ADRELAY_LOG_FORMAT", "json", "ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa",
                "ADRELAY_OPS_TOKEN", "ops-token-secret-9876", "BSA_BASE_URL", "http://127.0.0.1:9/?key=ops-token-secret-9876 x"));
        assertEquals(2, run.exitCode);
        List<String> lines = run.output.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(Json.MAPPER.readTree(line).has("message"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("set BSA_API_KEY (flow bsa)")), run.output);
        assertFalse(run.output.contains("ops-token-secret-9876"), "secrets stay masked in JSON too");
    }

    @Test
    void prodWithNothingSetNamesEveryMissingSettingInOneRun() throws Exception {
        Run run = run(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "statlas,apisync,snapp,bsa",
                "BSA_REPORT_DAILY_STATS_CRON", "0 30 25 * * ?", "GOOGLE_APPLICATION_CREDENTIALS", "dummy"));
        assertEquals(2, run.exitCode);
        List<String> problems = run.problems();
        for (String expected : List.of("ADRELAY_FLOWS names snapp", "set ADRELAY_OPS_TOKEN", "set STATLAS_API_KEY",
                "set STATLAS_WEBHOOK_SECRET", "set STATLAS_DRIVE_FOLDER_ID", "set APISYNC_API_TOKEN", "set APISYNC_WEBHOOK_SECRET",
                "set BSA_API_KEY", "BSA_REPORT_DAILY_STATS_CRON=\"0 30 25 * * ?\" is not a Quartz cron",
                "GOOGLE_APPLICATION_CREDENTIALS dummy cannot be read")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
        }
        assertEquals(10, problems.size(), problems.toString());
        assertFalse(run.output.contains("\tat "), "no stack trace");
    }

    /**
     * What the route files make is checked before anything runs: the routes made from a template (here in Java, one per
     * report in bsa.reports) as they would be, and every direct: endpoint a file sends to has a route consuming it.
     */
    @Test
    void aTemplateWhoseRoutesCannotRunAndASendToNoRouteStopTheStartWithOneLineEach() throws Exception {
        // the override directory's default: routes/ in the data dir
        Path routes = Files.createDirectories(work.resolve("data").resolve("routes"));
        Files.writeString(routes.resolve("bsa-pull-report.camel.yaml"), Files.readString(Path.of("routes/bsa-pull-report.camel.yaml"))
                .replace("cron: \"{{cron}}\"", "cron: \"0 30 25 * * ?\""));
        Files.writeString(routes.resolve("bsa-pull-extra.camel.yaml"), """
                - route:
                    id: bsa-pull-extra
                    routeConfigurationId: http-api
                    from:
                      uri: quartz:bsa/extra
                      parameters:
                        cron: "0 0 4 * * ?"
                      steps:
                        - to: direct:bsa-egress-gte
                """);
        Run run = run(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9", "BSA_CATCH_UP_ENABLED", "false"));
        assertEquals(2, run.exitCode, run.output);
        List<String> problems = run.problems();
        assertEquals(2, problems.size(), problems.toString());
        String template = problems.stream().filter(p -> p.contains("bsa-pull-report.camel.yaml")).findFirst().orElse("");
        assertTrue(template.contains("template bsa-pull-report") && template.contains("Hour values must be between 0 and 23")
                && template.contains("bsa-pull-report-lineitems"), problems.toString());
        String send = problems.stream().filter(p -> p.contains("bsa-pull-extra.camel.yaml")).findFirst().orElse("");
        assertTrue(send.contains("no route consumes direct:bsa-egress-gte, which route bsa-pull-extra sends to"), problems.toString());
        assertFalse(run.output.contains("\tat "), "no stack trace");
        assertFalse(run.output.contains("CronExpression"), run.output);
    }

    /** An application.properties in the working directory overrides the packaged defaults: a typo in it is refused. */
    @Test
    void theWorkingDirectorysSettingsOverrideThePackagedOnes() throws Exception {
        Files.writeString(work.resolve("application.properties"), "adrelay.intake.done-kept-days = thirty\n");
        Run run = run(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9"));
        assertEquals(2, run.exitCode, run.output);
        assertEquals(List.of("Cannot start: ADRELAY_INTAKE_DONE_KEPT_DAYS=thirty is not a whole number"), run.problems());
    }

    /**
     * An override copied from an earlier release calls a bean method that is gone, or names a bean mistyped (in a step,
     * or as a template's parameter): a line each, naming the file and the step.
     */
    @Test
    void aBeanStepNamingAMethodOrABeanThereIsNoneOfStopsTheStartWithALineEach() throws Exception {
        override("bsa-pull-report.camel.yaml", file -> file.replace("method: writeAsPulled", "method: writeAsFetched")
                .replace("ref: bsaReportPull\n            method: check", "ref: bsaReportPul\n            method: check"));
        override("bsa-catch-up-reports.camel.yaml", file -> file.replace("value: bsaCatchUp}", "value: bsaCatchup}"));
        Run run = run(BSA_PROD);
        assertEquals(2, run.exitCode, run.output);
        List<String> problems = run.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("bsa-pull-report.camel.yaml: route bsa-pull-report-day, line ")
                && problem.contains("bean bsaReportFiles has no method writeAsFetched")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("bsa-pull-report.camel.yaml: route bsa-pull-report-day, line ")
                && problem.contains("there is no bean bsaReportPul ")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("bsa-catch-up-reports.camel.yaml: route bsa-catch-up-reports: ")
                && problem.contains("there is no bean bsaCatchup ")), problems.toString());
        assertFalse(run.output.contains("\tat "), "no stack trace");
    }

    /** Anything else Camel cannot build (an expression that does not parse) stops the start with one line too. */
    @Test
    void aRouteCamelCannotBuildStopsTheStartWithOneLine() throws Exception {
        String problem = theOneProblem(file -> file.replace("method=alreadyPulled}\"", "method=alreadyPulled\""));
        // at the line of the route's "- route:", as the check command and a save's refusal say it
        int line = Files.readAllLines(Path.of("routes/bsa-pull-report.camel.yaml")).indexOf("    id: bsa-pull-report-day");
        assertTrue(problem.contains("bsa-pull-report.camel.yaml: route bsa-pull-report-day, line " + line + ": ")
                && problem.contains("expected symbol functionEnd"), problem);
    }

    /** The same in a template: the line names the file that declares it, though Java makes the route from it. */
    @Test
    void aTemplateCamelCannotBuildStopsTheStartWithOneLineNamingItsFile() throws Exception {
        String problem = theOneProblem(file -> file.replace("constant: \"{{report}}\"", "simple: \"${header.AdrelayReport\""));
        assertTrue(problem.contains("bsa-pull-report.camel.yaml: template bsa-pull-report (route bsa-pull-report-")
                && problem.contains("), line 8: expected symbol functionEnd"), problem);
    }

    /** The one line a BuySellAds start prints with its pull file edited so: exit 2, no stack trace. */
    private String theOneProblem(java.util.function.UnaryOperator<String> edit) throws Exception {
        override("bsa-pull-report.camel.yaml", edit);
        Run run = run(BSA_PROD);
        assertEquals(2, run.exitCode, run.output);
        assertEquals(1, run.problems().size(), run.problems().toString());
        assertFalse(run.output.contains("\tat "), "no stack trace: " + run.output);
        return run.problems().get(0);
    }

    /** A prod start of the BuySellAds flow alone, its API nowhere (nothing is called before the start is refused). */
    static final Map<String, String> BSA_PROD = Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
            "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9");

    /** A packaged route file, edited, in the override directory's default place (routes/ in the data dir). */
    void override(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path routes = Files.createDirectories(work.resolve("data").resolve("routes"));
        Files.writeString(routes.resolve(name), edit.apply(Files.readString(Path.of("routes").resolve(name))));
    }

    @Test
    void aClusterStartWithoutItsDatabaseSettingsNamesEachOneAndPasswordsNeverShow() throws Exception {
        Map<String, String> cluster = Map.of("ADRELAY_PROFILE", "cluster", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9", "BSA_CATCH_UP_ENABLED", "false");
        Run missing = run(cluster);
        assertEquals(2, missing.exitCode, missing.output);
        assertEquals(List.of("Cannot start: set ADRELAY_DB_URL (the cluster profile's PostgreSQL, e.g. jdbc:postgresql://db:5432/adrelay)",
                "Cannot start: set ADRELAY_DB_USER (the cluster profile's PostgreSQL user)",
                "Cannot start: set ADRELAY_DB_PASSWORD (the cluster profile's PostgreSQL password)"), missing.problems());
        assertFalse(missing.output.contains("\tat "), "no stack trace");

        // nothing listens on port 9: one line, which names the URL and the driver's reason, never the password
        Map<String, String> unreachable = new java.util.HashMap<>(cluster);
        unreachable.putAll(Map.of("ADRELAY_DB_URL", "jdbc:postgresql://127.0.0.1:9/adrelay", "ADRELAY_DB_USER", "adrelay",
                "ADRELAY_DB_PASSWORD", "db-secret-24680"));
        Run down = run(unreachable);
        assertEquals(2, down.exitCode, down.output);
        assertEquals(1, down.problems().size(), down.problems().toString());
        assertTrue(down.problems().get(0).startsWith("Cannot start: ADRELAY_DB_URL jdbc:postgresql://127.0.0.1:9/adrelay cannot be reached"
                + " as ADRELAY_DB_USER adrelay: "), down.problems().toString());
        assertFalse(down.output.contains("db-secret-24680"), down.output);
        assertFalse(down.output.contains("\tat "), "no stack trace:\n" + down.output);

        Map<String, String> notPostgres = new java.util.HashMap<>(unreachable);
        notPostgres.put("ADRELAY_DB_URL", "jdbc:mysql://db/adrelay?password=db-secret-24680");
        Run wrongKind = run(notPostgres);
        assertEquals(2, wrongKind.exitCode, wrongKind.output);
        assertEquals(List.of("Cannot start: ADRELAY_DB_URL is not a PostgreSQL JDBC URL: it must start with jdbc:postgresql:// (e.g."
                + " jdbc:postgresql://db:5432/adrelay)"), wrongKind.problems());
        assertFalse(wrongKind.output.contains("db-secret-24680"), wrongKind.output);
    }

    @Test
    void prodRefusesTheSandboxesDataDirAndTheOtherWayRound() throws Exception {
        Path sandboxData = work.resolve("sandbox-data");
        Files.createDirectories(sandboxData);
        Files.writeString(sandboxData.resolve(".adrelay-profile"), "sandbox\n");
        Run prod = run(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456", "ADRELAY_OPS_TOKEN",
                "ops-token-123456", "ADRELAY_DATA_DIR", sandboxData.toString()));
        assertEquals(2, prod.exitCode);
        assertTrue(prod.problems().get(0).contains("holds sandbox data; the prod profile never shares a data dir"), prod.problems().toString());

        Path prodData = work.resolve("prod-data");
        Files.createDirectories(prodData.resolve("state"));
        Run sandbox = run(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_DATA_DIR", prodData.toString(), "ADRELAY_SANDBOX_PORT_BASE", "0"));
        assertEquals(2, sandbox.exitCode);
        assertTrue(sandbox.problems().get(0).contains("holds prod data"), sandbox.problems().toString());
        assertTrue(Files.isDirectory(prodData.resolve("state")), "nothing of prod's is touched");
    }

    @Test
    void aSecondAdrelayOnTheSameDataDirStopsWithOneLine() throws Exception {
        Map<String, String> env = Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "ADRELAY_DATA_DIR", work.resolve("shared").toString(),
                "BSA_BASE_URL", "http://127.0.0.1:9", "BSA_CATCH_UP_ENABLED", "false");
        int port = freePort();
        Map<String, String> first = new java.util.HashMap<>(env);
        first.put("ADRELAY_HTTP_PORT", String.valueOf(port));
        Process running = start(first);
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            Files.move(work.resolve("output.log"), work.resolve("first.log"));
            Run second = run(env);
            assertEquals(2, second.exitCode);
            assertEquals(List.of("Cannot start: ADRELAY_DATA_DIR " + work.resolve("shared") + " is in use by another adrelay:"
                    + " stop it, or give this one its own data dir"), second.problems());
            assertTrue(running.isAlive(), "the first one goes on");
        } finally {
            running.destroy();
            running.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortTakenAfterTheStartCheckStopsWithOneLineAndExitCode2() throws Exception {
        // the sandbox's BuySellAds simulator listens on port-base + 1, and starts after ADRELAY_HTTP_PORT was checked: nothing
        // listens there at the check, so what fails is the server's own bind, as when another program takes the port meanwhile
        int port = freePort();
        Run run = run(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_HTTP_PORT", String.valueOf(port),
                "ADRELAY_SANDBOX_PORT_BASE", String.valueOf(port - 1)));
        assertEquals(2, run.exitCode, run.output);
        assertEquals(List.of("Cannot start: ADRELAY_HTTP_PORT " + port + " on 127.0.0.1 cannot be listened on (Address already in use):"
                + " is another program listening there? Stop it, or set ADRELAY_HTTP_PORT"), run.problems());
        assertFalse(run.output.contains("\tat "), "no stack trace");
    }

    /** A simulator's port taken (another sandbox, say) is one of the problems, not the only one said. */
    @Test
    void aSimulatorsPortTakenIsSaidWithTheConfigurationsOtherProblems() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // the BuySellAds simulator listens on port-base + 1
            Run run = run(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_LOG_FORMAT", "xml",
                    "ADRELAY_SANDBOX_PORT_BASE", String.valueOf(taken.getLocalPort() - 1)));
            assertEquals(2, run.exitCode, run.output);
            assertEquals(List.of("Cannot start: the sandbox's BsaSimulator cannot listen on port " + taken.getLocalPort()
                    + " (Address already in use): is another sandbox running? Stop it, or set ADRELAY_SANDBOX_PORT_BASE (0 for any free ports)",
                    "Cannot start: ADRELAY_LOG_FORMAT=xml is not a log format: use text or json"), run.problems());
        }
    }

    /** The sandbox's welcome ("ready to try") once adrelay runs, not before a refusal of its configuration. */
    @Test
    void theSandboxWelcomesOnlyAStartThatIsNotRefused() throws Exception {
        Run refused = run(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_LOG_FORMAT", "xml",
                "ADRELAY_SANDBOX_PORT_BASE", "0"));
        assertEquals(2, refused.exitCode, refused.output);
        assertTrue(refused.output.contains("BsaSimulator listening on"), "its simulators had started:\n" + refused.output);
        assertFalse(refused.output.contains(WELCOME), refused.output);
    }

    static final String WELCOME = "Sandbox ready to try";

    @Test
    void theSandboxOpensOpsBeyondLoopbackOnlyWithAToken() throws Exception {
        Run open = run(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_BIND_ADDRESS", "0.0.0.0",
                "ADRELAY_SANDBOX_PORT_BASE", "0"));
        assertEquals(2, open.exitCode, open.output);
        assertEquals(List.of("Cannot start: ADRELAY_BIND_ADDRESS=0.0.0.0 opens the sandbox's /ops (open without a token) beyond this"
                + " machine: set ADRELAY_OPS_TOKEN, or bind 127.0.0.1"), open.problems());
        assertFalse(open.output.contains("\tat "), "no stack trace");

        int port = freePort();
        Process sandbox = start(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_BIND_ADDRESS", "0.0.0.0",
                "ADRELAY_SANDBOX_PORT_BASE", "0", "ADRELAY_HTTP_PORT", String.valueOf(port), "ADRELAY_OPS_TOKEN", "ops-token-123456"));
        try {
            awaitHealthy(port);
            HttpClient http = HttpClient.newHttpClient();
            URI jobs = URI.create("http://127.0.0.1:" + port + "/ops/jobs");
            assertEquals(401, http.send(HttpRequest.newBuilder(jobs).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer ops-token-123456").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSandboxListensOnLoopbackOnly() throws Exception {
        java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
        int port = freePort();
        Process sandbox = start(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_SANDBOX_PORT_BASE", "0", "ADRELAY_HTTP_PORT", String.valueOf(port),
                "ADRELAY_FLOWS", "bsa"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThrows(java.net.ConnectException.class, () -> socket.connect(new java.net.InetSocketAddress(outside, port), 2000),
                        "the sandbox's open ops endpoints are not reachable from " + outside);
            }
        } finally {
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarStartsTheSimulatorsInTheSandboxOnly() throws Exception {
        int bsaSimulatorPort = freePort();
        Map<String, String> prod = new java.util.HashMap<>(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa",
                "BSA_API_KEY", "k-123456", "ADRELAY_OPS_TOKEN", "ops-token-123456", "BSA_BASE_URL", "http://127.0.0.1:9",
                "BSA_CATCH_UP_ENABLED", "false", "ADRELAY_DATA_DIR", work.resolve("prod").toString(),
                "ADRELAY_SANDBOX_PORT_BASE", String.valueOf(bsaSimulatorPort - 1)));
        prod.put("ADRELAY_HTTP_PORT", String.valueOf(freePort()));
        Process running = start(prod);
        try {
            awaitHealthy(Integer.parseInt(prod.get("ADRELAY_HTTP_PORT")));
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThrows(java.net.ConnectException.class, () -> socket.connect(new java.net.InetSocketAddress("127.0.0.1",
                        bsaSimulatorPort), 2000), "prod starts no simulator");
            }
        } finally {
            running.destroy();
            running.waitFor(30, TimeUnit.SECONDS);
        }

        int port = freePort();
        running = start(Map.of("ADRELAY_PROFILE", "sandbox", "ADRELAY_FLOWS", "bsa", "ADRELAY_HTTP_PORT", String.valueOf(port),
                "ADRELAY_DATA_DIR", work.resolve("sandbox").toString(), "ADRELAY_SANDBOX_PORT_BASE", String.valueOf(bsaSimulatorPort - 1)));
        try {
            awaitHealthy(port);
            HttpResponse<String> simulator = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bsaSimulatorPort + "/lineitems")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, simulator.statusCode(), "the sandbox's BuySellAds asks for its key: " + simulator.body());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(work.resolve("output.log")).contains(WELCOME));
        } finally {
            running.destroy();
            running.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static void awaitHealthy(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @Test
    void whileStartingEveryAnswerIsJson() throws Exception {
        int port = freePort();
        Process process = start(Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa", "BSA_API_KEY", "k-123456",
                "ADRELAY_OPS_TOKEN", "ops-token-123456", "ADRELAY_DATA_DIR", work.resolve("data").toString(),
                "BSA_BASE_URL", "http://127.0.0.1:9", "BSA_CATCH_UP_ENABLED", "false", "ADRELAY_HTTP_PORT", String.valueOf(port)));
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> statuses = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/jobs"))
                            .header("Authorization", "Bearer ops-token-123456").timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.add(r.statusCode());
                    Json.MAPPER.readTree(r.body());
                    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
                    if (r.statusCode() == 503) {
                        assertTrue(r.headers().firstValue("Retry-After").isPresent());
                    }
                    return r.statusCode() == 200;
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), statuses.toString());
    }

    record Run(int exitCode, String output) {
        /** The lines that state a configuration problem. */
        List<String> problems() {
            return output.lines().filter(l -> l.contains("Cannot start: ")).map(l -> l.substring(l.indexOf("Cannot start: "))).toList();
        }
    }

    Run run(Map<String, String> env) throws Exception {
        Process process = start(env);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String output = Files.readString(work.resolve("output.log"));
            throw new AssertionError("the process did not end by itself within 60 s; its output ends with:\n"
                    + output.substring(Math.max(0, output.length() - 4000)));
        }
        return new Run(process.exitValue(), Files.readString(work.resolve("output.log")));
    }

    Process start(Map<String, String> env) throws IOException {
        // run from a directory without routes/: the jar carries its routes
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ADRELAY_") || k.startsWith("BSA_") || k.startsWith("STATLAS_")
                || k.startsWith("APISYNC_") || k.startsWith("SNAP_") || k.startsWith("GOOGLE_"));
        builder.environment().putIfAbsent("ADRELAY_HTTP_PORT", String.valueOf(freePort()));
        builder.environment().putIfAbsent("ADRELAY_DATA_DIR", work.resolve("data").toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
