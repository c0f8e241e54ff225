package io.adrelay.runtime;

import org.apache.camel.main.Main;

/**
 * bench/start.sh; not a test, run by hand: the baseline of adrelay's start, a Camel main with nothing of adrelay's (the
 * same jars, platform-http with health on one port, one route), ready when {@code /observe/health/ready} answers 200.
 * Argument: the HTTP port.
 */
public final class BareCamelMain {

    private BareCamelMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        // not the application.properties packaged in adrelay's jar, which is on the classpath too
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addInitialProperty("camel.main.name", "bare");
        main.addInitialProperty("camel.main.jmx-enabled", "false");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.port", args[0]);
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.port", args[0]);
        main.addInitialProperty("camel.management.health-check-enabled", "true");
        main.addInitialProperty("camel.management.health-path", "/observe/health");
        // a lambda, not a RouteBuilder class: the tests' package scan of io.adrelay would add one to every runtime they start
        main.configure().addLambdaRouteBuilder(routes -> routes.from("platform-http:/bare").routeId("bare")
                .setBody(routes.constant("{\"bare\":true}")));
        main.run(new String[0]);
    }
}
