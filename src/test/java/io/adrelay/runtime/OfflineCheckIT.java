package io.adrelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/adrelay.jar check DIR} as an operator's CI runs it: a real process, from a folder without
 * routes/, with no API, no secret and a data dir that must stay untouched. The shipped files pass; each file of a
 * broken corpus (src/test/resources/check/) is named with its line, and the exit code is 2.
 */
class OfflineCheckIT {

    static final Path JAR = Path.of("target/adrelay.jar").toAbsolutePath();
    static final Path CORPUS = Path.of("src/test/resources/check").toAbsolutePath();

    @TempDir
    Path work;

    record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /**
     * Every shipped route file and both declarations pass, checked as prod with none of its secrets and only one flow
     * named (the check takes every flow's routes); nothing is written to the data dir, no port is taken.
     */
    @Test
    void theShippedFilesPassWithoutSecretsOrDataDir() throws Exception {
        Path data = work.resolve("data");
        Run run = check(Path.of("routes").toAbsolutePath(), Map.of("ADRELAY_PROFILE", "prod", "ADRELAY_FLOWS", "bsa",
                "ADRELAY_DATA_DIR", data.toString()));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("OK: every route file and declaration would be taken"), run.output());
        assertFalse(Files.exists(data), "the check writes nothing in the data dir");
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
    }

    /**
     * An operator checks a file before copying it into the override directory of an adrelay that runs on the same
     * host, on the port the check's settings name: the check listens on nothing, so the port in use is none of its
     * business (it said "cannot be listened on" and exited 2).
     */
    @Test
    void theCheckRunsBesideARunningAdrelay() throws Exception {
        try (ServerSocket running = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run run = check(Path.of("routes").toAbsolutePath(), Map.of("ADRELAY_PROFILE", "prod",
                    "ADRELAY_HTTP_PORT", String.valueOf(running.getLocalPort()), "ADRELAY_BIND_ADDRESS", "127.0.0.1"));
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("OK: every route file and declaration would be taken"), run.output());
        }
    }

    /** What one file alone shows: parse, cron, time zone, placeholder, endpoint, route configuration, the declaration's rules. */
    @Test
    void eachProblemOfABrokenFileIsNamedWithFileAndLine() throws Exception {
        Path dir = copy(CORPUS.resolve("broken-files"));
        Run run = check(dir, Map.of());
        assertEquals(2, run.exitCode(), run.output());
        String pull = "route file " + dir.resolve("nightly-pull.camel.yaml") + ": ";
        String catalogs = "declaration " + dir.resolve("snap-catalogs.yaml") + ", ";
        assertHas(run, "route file " + dir.resolve("nightly-unparsable.camel.yaml")
                + ": it does not parse: while scanning a simple key at line 3, column 5, could not find expected ':' at line 4, column 5");
        assertHas(run, pull + "route nightly-pull, line 5: cron \"0 30 25 * * ?\" is not a Quartz cron");
        assertHas(run, pull + "route nightly-pull, line 10: Property with key [nightly.nowhere] not found");
        assertHas(run, pull + "route nightly-pull, line 11: No endpoint could be found for: nosuchcomponent://foo");
        assertHas(run, pull + "route nightly-berlin, line 12: routeConfigurationId http-egress is none of");
        assertHas(run, pull + "route nightly-berlin, line 16: trigger.timeZone Europe/Berln is not a time zone");
        assertHas(run, catalogs + "line 4: catalogs[0].organization_id: the Snap organization id (a UUID)");
        assertHas(run, catalogs + "line 10: catalogs[0].feeds[0].default_currency: a three-letter ISO 4217 code");
        assertHas(run, catalogs + "line 11: catalogs[0].feeds[0].schedule.cron \"0 0 25 * * ?\" is not a Quartz cron");
        assertTrue(run.output().contains("9 problem(s)"), run.output());
    }

    /**
     * What the files make together, once each builds: a template whose routes cannot run (Java makes one per BuySellAds
     * report), a send to a direct: endpoint no route consumes, and a campaign declaration naming what the catalogs do
     * not declare and breaking the spec's bid rule. The broken copies are made from the shipped files.
     */
    @Test
    void whatTheFilesMakeTogetherIsCheckedToo() throws Exception {
        Path dir = copy(CORPUS.resolve("broken-together"));
        Files.writeString(dir.resolve("bsa-pull-report.camel.yaml"), Files.readString(Path.of("routes/bsa-pull-report.camel.yaml"))
                .replace("cron: \"{{cron}}\"", "cron: \"0 30 25 * * ?\""));
        List<String> campaigns = Files.readAllLines(Path.of("routes/snap-campaigns.yaml"));
        int bid = campaigns.indexOf("            bid_micro: 1000000");
        assertTrue(bid > 0, "the shipped campaigns declare a bid");
        campaigns.set(bid, "            bid_micro: 5000");
        Files.write(dir.resolve("snap-campaigns.yaml"), campaigns);

        Run run = check(dir, Map.of());
        assertEquals(2, run.exitCode(), run.output());
        assertHas(run, "route file " + dir.resolve("bsa-pull-report.camel.yaml") + ": template bsa-pull-report (routes bsa-pull-report-lineitems");
        String from = "(line " + lineOf(dir.resolve("bsa-pull-report.camel.yaml"), "uri: \"quartz:bsa/{{report}}\"") + ")";
        assertTrue(run.lines().stream().anyMatch(l -> l.contains("bsa-pull-report.camel.yaml") && l.contains("Hour values must be between 0 and 23")
                && l.endsWith(from)), "the template's problem at the line of its from:\n" + run.output());
        assertHas(run, "route file " + dir.resolve("nightly-pull.camel.yaml")
                + ": no route consumes direct:bsa-egress-gte, which route nightly-pull sends to (line 9)");
        assertHas(run, "declaration " + dir.resolve("snap-campaigns.yaml") + ", line " + (bid + 1)
                + ": ad_accounts[0].campaigns[0].ad_squads[1].bid_micro: 5,000 is below 10,000");
        assertTrue(run.output().contains("3 problem(s)"), "the schema's finding of the same field is not said twice:\n" + run.output());
    }

    /**
     * What Camel finds only as it builds a route: a bean there is none of (in a step or as a template's parameter), and
     * once every bean is there, an expression that does not parse (in a route, or in a template). A start, or a save
     * while running, would be refused the same way.
     */
    @Test
    void whatOnlyBuildingARouteShowsIsFoundToo() throws Exception {
        Path dir = work.resolve("typos");
        Files.createDirectories(dir);
        String pull = Files.readString(Path.of("routes/bsa-pull-report.camel.yaml"));
        Files.writeString(dir.resolve("bsa-pull-report.camel.yaml"), pull.replace("ref: bsaReportFiles", "ref: bsaReportFile"));
        Files.writeString(dir.resolve("bsa-catch-up-reports.camel.yaml"), Files.readString(Path.of("routes/bsa-catch-up-reports.camel.yaml"))
                .replace("value: bsaCatchUp}", "value: bsaCatchup}"));
        Run beans = check(dir, Map.of());
        assertEquals(2, beans.exitCode(), beans.output());
        assertHas(beans, "route file " + dir.resolve("bsa-pull-report.camel.yaml") + ": route bsa-pull-report-day, line "
                // the step's line: its "- bean:", just above the ref
                + (lineOf(dir.resolve("bsa-pull-report.camel.yaml"), "ref: bsaReportFile") - 1) + ": there is no bean bsaReportFile ");
        assertHas(beans, "route file " + dir.resolve("bsa-catch-up-reports.camel.yaml") + ": route bsa-catch-up-reports: there is no bean bsaCatchup ");

        Files.delete(dir.resolve("bsa-catch-up-reports.camel.yaml"));
        Files.writeString(dir.resolve("bsa-pull-report.camel.yaml"), pull.replace("method=alreadyPulled}\"", "method=alreadyPulled\""));
        Run expression = check(dir, Map.of());
        assertEquals(2, expression.exitCode(), expression.output());
        // at the line of its "- route:", as a save's refusal says it
        assertHas(expression, "route file " + dir.resolve("bsa-pull-report.camel.yaml") + ": route bsa-pull-report-day, line "
                + (lineOf(dir.resolve("bsa-pull-report.camel.yaml"), "id: bsa-pull-report-day") - 1) + ": expected symbol functionEnd");
        assertTrue(expression.output().contains("1 problem(s)"), expression.output());

        // in the template, which only the routes made from it show (one of them is built)
        Files.writeString(dir.resolve("bsa-pull-report.camel.yaml"), pull.replace("constant: \"{{report}}\"", "simple: \"${header.AdrelayReport\""));
        Run template = check(dir, Map.of());
        assertEquals(2, template.exitCode(), template.output());
        assertHas(template, "route file " + dir.resolve("bsa-pull-report.camel.yaml")
                + ": template bsa-pull-report (route bsa-pull-report-lineitems), line 8: expected symbol functionEnd");
        assertTrue(template.output().contains("1 problem(s)"), template.output());
    }

    @Test
    void aFolderThatIsNotOneIsABadArgument() throws Exception {
        Run run = check(work.resolve("nowhere"), Map.of());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("check: " + work.resolve("nowhere") + " is not a folder"), run.lines());
    }

    private static void assertHas(Run run, String start) {
        assertTrue(run.lines().stream().anyMatch(line -> line.startsWith(start)), "a line starting with\n  " + start + "\nin\n" + run.output());
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private Path copy(Path corpus) throws IOException {
        Path dir = Files.createDirectories(work.resolve(corpus.getFileName()));
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private Run check(Path dir, Map<String, String> env) throws Exception {
        Path output = work.resolve("output-" + System.nanoTime() + ".log");
        // from a folder without routes/ or application.properties: the jar carries its own
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-jar", JAR.toString(), "check", dir.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ADRELAY_") || k.startsWith("BSA_") || k.startsWith("STATLAS_")
                || k.startsWith("APISYNC_") || k.startsWith("SNAP_") || k.startsWith("GOOGLE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("check did not end within 60 s:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
