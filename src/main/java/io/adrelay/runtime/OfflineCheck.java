package io.adrelay.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.EnvironmentSettings;
import io.adrelay.common.config.Settings;
import io.adrelay.common.routes.MadeRoutes;
import io.adrelay.common.routes.RouteFiles;
import io.adrelay.common.routes.RouteSetCheck;
import io.adrelay.snap.DeclarationFileCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar adrelay.jar check [DIR]}: the route files and Snap declarations of a folder (the override directory
 * when none is named) checked as a running adrelay takes them, without starting anything: no API, no network, no data
 * dir, no secret. The route files go through adrelay's own start: camel-main reads the configuration and the files,
 * RuntimeSetup checks each file (parse, build, ids, cron, placeholders), every route is defined, and RouteSetCheck checks
 * what they make together (templates, direct: targets); then it stops, before any route starts. Every problem is printed
 * on its own line with its file (and line where the file has one); the exit code is 0 when there is none, else 2.
 */
public final class OfflineCheck {

    /** Exit codes, as the start's: 2 for a refusal. */
    static final int OK = 0;
    static final int REFUSED = 2;

    private OfflineCheck() {
    }

    /** Whether the command line asks for the check rather than a start. */
    public static boolean asked(String[] args) {
        return args.length > 0 && "check".equals(args[0]);
    }

    /** Runs the check of {@code check [DIR]}, printing to {@code out}; the exit code. */
    public static int run(String[] args, PrintStream out) throws Exception {
        if (args.length > 2) {
            out.println("usage: java -jar adrelay.jar check [DIR]   (DIR: a folder of route files and declarations; "
                    + "default: the override directory)");
            return REFUSED;
        }
        quietLogs();
        Path scratch = Files.createTempDirectory("adrelay-check");
        try {
            Path dir = args.length == 2 ? Path.of(args[1]) : overrideDir();
            if (args.length == 2 && !Files.isDirectory(dir)) {
                out.println("check: " + dir + " is not a folder");
                return REFUSED;
            }
            dir = dir.toAbsolutePath().normalize();
            out.println("Checking the route files and Snap declarations in " + dir
                    + (Files.isDirectory(dir) ? "" : " (no such folder: the packaged ones)") + ", with the packaged ones it does not replace");
            List<String> problems = new ArrayList<>(routeProblems(dir, scratch));
            try (DefaultCamelContext resources = new DefaultCamelContext()) {
                RouteFiles packaged = new RouteFiles(resources, dir);
                problems.addAll(DeclarationFileCheck.problems(dir, packaged::packaged));
            }
            problems.forEach(out::println);
            out.println(problems.isEmpty() ? "OK: every route file and declaration would be taken"
                    : problems.size() + " problem(s): a running adrelay would refuse these files");
            return problems.isEmpty() ? OK : REFUSED;
        } finally {
            delete(scratch);
        }
    }

    /** The override directory a start would use (ADRELAY_ROUTES_DIR, else its default), read as the start reads it. */
    private static Path overrideDir() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation(PROPERTIES);
            EnvironmentSettings.apply(context.getPropertiesComponent());
            return new Settings(context).routesDir();
        }
    }

    private static final String PROPERTIES = Settings.LOCATIONS;

    private static Main main() {
        // no base package, as Application: the routes and configurations are named in application.properties
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES);
        return main;
    }

    /** The problems of the route files, from adrelay's own start stopped once every route is defined. */
    private static List<String> routeProblems(Path dir, Path scratch) throws Exception {
        Main main = main();
        main.addMainListener(new EnvironmentSettings());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport running) {
                PropertiesComponent properties = running.getCamelContext().getPropertiesComponent();
                properties.addOverrideProperty(RuntimeSetup.CHECK_SCRATCH_DIR, scratch.toString());
                properties.addOverrideProperty("adrelay.routes.dir", dir.toString());
                // every flow's routes are checked, whatever ADRELAY_FLOWS says where the check runs
                properties.addOverrideProperty("adrelay.flows", String.join(",", Settings.ALL_FLOWS));
                properties.addOverrideProperty("adrelay.routes.reload", "false");
                // it listens on nothing: an adrelay running on the port the settings name is no problem of the files
                properties.addOverrideProperty("camel.server.enabled", "false");
                properties.addOverrideProperty("camel.management.enabled", "false");
            }

            @Override
            public void afterConfigure(BaseMainSupport running) {
                CamelContext context = running.getCamelContext();
                MadeRoutes made = context.getRegistry().findSingleByType(MadeRoutes.class);
                // stops the start here, before any route (or the HTTP server) starts, whatever was found
                List<String> problems = made == null ? List.of() : RouteSetCheck.atStart(context, made);
                if (made != null && problems.isEmpty()) {
                    // the routes built too: what only building shows (a start builds them itself, once)
                    problems = RouteSetCheck.unbuildable(context, made);
                }
                throw new Checked(problems);
            }
        });
        try {
            main.run(new String[0]);
        } catch (Exception stopped) {
            for (Throwable t = stopped; t != null; t = t.getCause()) {
                if (t instanceof Checked checked) {
                    return checked.problems;
                }
                if (t instanceof ConfigurationException refused) {
                    return refused.problems();
                }
            }
            throw stopped;
        } finally {
            if (main.getShutdownStrategy() != null) {
                main.getShutdownStrategy().shutdown();
            }
        }
        throw new IllegalStateException("the check's start went on past the definition of the routes");
    }

    /** The end of the check's start, with what it found. */
    private static final class Checked extends RuntimeException {
        private final transient List<String> problems;

        Checked(List<String> problems) {
            super("checked", null, false, false);
            this.problems = problems;
        }
    }

    /** The check prints its findings itself; the start's INFO lines would bury them. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.ERROR);
        }
        if (LoggerFactory.getLogger("org.apache.camel") instanceof Logger camel) {
            camel.setLevel(Level.ERROR);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
