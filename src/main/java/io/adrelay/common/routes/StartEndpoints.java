package io.adrelay.common.routes;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.util.URISupport;

/**
 * The endpoints of the route files at start, created on the real context once camel-main has configured it and before
 * any route starts (a second context to try them on cost seconds of every start). Those of routes that run are created
 * as their routes would create them, so the routes then find them made; those of routes left out (a flow not enabled)
 * are only looked up by scheme: nothing of their components is loaded, and the offline check creates them all.
 */
public final class StartEndpoints {

    /** An endpoint of route {@code id}, resolved, and where in which file it is written ("route file ...: route a, line 3: "). */
    private record Pending(String id, String where, String uri) {
    }

    private final List<Pending> pending = new ArrayList<>();

    void add(String id, String where, String uri) {
        pending.add(new Pending(id, where, uri));
    }

    /** Creates them (each once); the problems, a line each, in the files' order. */
    public List<String> create(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (Pending endpoint : pending) {
            try {
                if (RouteFilter.keeps(context, endpoint.id())) {
                    context.getEndpoint(endpoint.uri());
                } else if (!componentExists(context, endpoint.uri())) {
                    throw new NoSuchEndpointException(URISupport.normalizeUri(endpoint.uri()));
                }
            } catch (Exception wrong) {
                problems.add(endpoint.where() + RouteFileCheck.rootMessage(wrong));
            }
        }
        pending.clear();
        return problems;
    }

    /** Whether a component of the URI's scheme is there: registered, or on the classpath (its descriptor, not its classes). */
    private static boolean componentExists(CamelContext context, String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = uri.substring(0, colon);
        return context.hasComponent(scheme) != null
                || context.getClassResolver().loadResourceAsURL("META-INF/services/org/apache/camel/component/" + scheme) != null;
    }
}
