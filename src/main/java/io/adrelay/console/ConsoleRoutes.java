package io.adrelay.console;

import org.apache.camel.builder.RouteBuilder;

/**
 * GET /console, the operator's page, and its script and style sheet (GET /console/{file}), served from the jar by
 * bean consoleFiles. The page is open: it holds no data, and asks the ops token before it shows any. In Java: it is
 * not a flow an operator changes. Not in the OpenAPI document: a page for people, not part of the HTTP contract.
 */
public class ConsoleRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/console?httpMethodRestrict=GET,HEAD").routeId("console-serve-page").routeConfigurationId("webhook")
                .bean("consoleFiles", "page");

        from("platform-http:/console/{file}?httpMethodRestrict=GET,HEAD").routeId("console-serve-file").routeConfigurationId("webhook")
                .bean("consoleFiles", "file");
    }
}
