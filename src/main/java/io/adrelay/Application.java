package io.adrelay;

import java.util.List;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.EnvironmentSettings;
import io.adrelay.common.config.Settings;
import io.adrelay.common.routes.RouteFiles;
import io.adrelay.common.routes.RouteSetCheck;
import io.adrelay.runtime.OfflineCheck;
import io.adrelay.runtime.StartWarmUp;

/** Boots adrelay with camel-main: Java routes and configurations named in application.properties, YAML routes packaged or overridden (RouteFiles). */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
    }

    /**
     * Runs adrelay until it stops, then exits the JVM (2 when the configuration is refused). The
     * listeners take part in camel-main's start: a launcher can prepare the runtime's outside world
     * in {@code beforeConfigure} and hand it over as override properties.
     */
    public static void run(String[] args, MainListener... listeners) throws Exception {
        if (OfflineCheck.asked(args)) {
            // java -jar adrelay.jar check [DIR]: the route files and declarations checked, nothing started
            System.exit(OfflineCheck.run(args, System.out));
        }
        StartWarmUp.begin();
        // no base package, so no package scan: the routes and configurations are named in application.properties
        Main main = new Main();
        // the packaged application.properties holds the defaults; one in the working directory overrides them
        main.setPropertyPlaceholderLocations(Settings.LOCATIONS);
        // first, so a launcher's overrides (the sandbox's simulator URLs) come after the environment's
        main.addMainListener(new EnvironmentSettings());
        for (MainListener listener : listeners) {
            main.addMainListener(listener);
        }
        try {
            System.exit(main.run(args));
        } catch (Exception e) {
            List<String> problems = refusal(e, main);
            if (problems.isEmpty()) {
                throw e;
            }
            // the lines an operator needs, one per problem, no stack trace
            problems.forEach(problem -> LoggerFactory.getLogger(Application.class).error("Cannot start: {}", problem));
            // done: camel-main's shutdown hook then has nothing to stop, and says nothing of a SIGTERM nobody sent
            if (main.getShutdownStrategy() != null) {
                main.getShutdownStrategy().shutdown();
            }
            System.exit(2);
        }
    }

    /** What refused the start, in an operator's words: the configuration's problems, or a route Camel could not build; else none. */
    private static List<String> refusal(Exception e, Main main) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException refused) {
                return refused.problems();
            }
            if (t instanceof FailedToCreateRouteException failed) {
                return List.of(RouteSetCheck.buildFailure(main.getCamelContext(), failed));
            }
        }
        return List.of();
    }
}
