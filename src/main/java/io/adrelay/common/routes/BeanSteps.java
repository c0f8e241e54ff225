package io.adrelay.common.routes;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.util.URISupport;

/**
 * The bean steps of a route file ({@code bean: {ref: x, method: y}}, or {@code to: bean:x?method=y}) whose bean is not
 * bound, or has no such method: Camel finds that out when it builds the route, at start with a stack trace and exit
 * code 1, on a save after it has removed the file's running routes. An override copied from an earlier release, whose
 * beans have changed since, or a mistyped name, is the usual case; checked once every bean is bound, it is one line of
 * its file.
 */
final class BeanSteps {

    private static final String HINT = " (mistyped, or is this file a copy from an earlier release? compare it with the packaged one)";

    private BeanSteps() {
    }

    /**
     * A line per bean step of these outputs (and theirs) whose bean is not bound, or has no method of that name (a lazy
     * bean: the type it is bound with); a route made from a template has its parameters in place of their placeholders.
     */
    static void problems(CamelContext context, List<ProcessorDefinition<?>> outputs, Map<String, Object> parameters, String where,
                         List<String> problems) {
        for (ProcessorDefinition<?> output : outputs) {
            Step step = step(context, output, parameters);
            String problem = step == null ? null : step.problem(context);
            if (problem != null) {
                problems.add(RouteFileCheck.at(where, output) + problem + HINT);
            }
            problems(context, output.getOutputs(), parameters, where, problems);
        }
    }

    /** A bean named in a step, and the method named (null when none is). */
    private record Step(String ref, String method) {

        String problem(CamelContext context) {
            if (ref.startsWith("#") || ref.contains(":")) {
                // a class or a type rather than a name: Camel's own message says it better
                return null;
            }
            Class<?> type = lazyType(context, ref);
            if (type == null) {
                Object found = context.getRegistry().lookupByName(ref);
                if (found == null) {
                    return "there is no bean " + ref;
                }
                // a supplier bound as a bean: what it supplies is not known until it is asked
                type = found instanceof Supplier<?> ? null : found.getClass();
            }
            if (method != null && type != null && !hasMethod(type, method)) {
                return "bean " + ref + " has no method " + method;
            }
            return null;
        }
    }

    /**
     * The type a lazy bean ({@code @BindToRegistry(lazy = true)}) was bound with, without making it (a lookup by name
     * would: a start would make every such bean a route names just to check it); null when the name is no lazy bean.
     */
    private static Class<?> lazyType(CamelContext context, String ref) {
        if (context.getRegistry() instanceof DefaultRegistry registry && registry.getSupplierRegistry() instanceof Map<?, ?> suppliers
                && suppliers.get(ref) instanceof Map<?, ?> byType && byType.size() == 1 && byType.keySet().iterator().next() instanceof Class<?> type) {
            return type;
        }
        return null;
    }

    /** The bean step this output is ({@code bean: {ref, method}}, or a send to {@code bean:<name>?method=<m>}), or null. */
    private static Step step(CamelContext context, ProcessorDefinition<?> output, Map<String, Object> parameters) {
        if (output instanceof BeanDefinition bean && bean.getRef() != null) {
            String ref = resolved(context, bean.getRef(), parameters);
            return ref == null ? null : new Step(ref, methodName(resolved(context, bean.getMethod(), parameters)));
        }
        // a bean: URI, or one that may be a template's parameter as a whole (to: "{{credentials}}"); no other is resolved
        if (output instanceof SendDefinition<?> send && send.getUri() != null
                && (send.getUri().startsWith("bean:") || send.getUri().startsWith("{{"))) {
            String uri = resolved(context, send.getUri(), parameters);
            if (uri == null || !uri.startsWith("bean:")) {
                return null;
            }
            String target = uri.substring("bean:".length());
            int query = target.indexOf('?');
            try {
                Object method = query < 0 ? null : URISupport.parseQuery(target.substring(query + 1)).get("method");
                return new Step(query < 0 ? target : target.substring(0, query), method == null ? null : methodName(method.toString()));
            } catch (URISyntaxException unparsable) {
                // the endpoint's own check names it
                return null;
            }
        }
        return null;
    }

    /** "check" of "check(*, 'bsa')". */
    private static String methodName(String method) {
        return method == null ? null : (method.contains("(") ? method.substring(0, method.indexOf('(')) : method).trim();
    }

    /** The text with the route's template parameters and the properties in place of their placeholders; null when one is missing. */
    private static String resolved(CamelContext context, String text, Map<String, Object> parameters) {
        if (text == null) {
            return null;
        }
        try {
            return RouteFileCheck.resolve(context, text, parameters);
        } catch (RuntimeException unresolved) {
            // the placeholder's own check names it
            return null;
        }
    }

    /** Any method of that name, public or not, declared by the class, a superclass or an interface, as Camel calls them. */
    private static boolean hasMethod(Class<?> type, String name) {
        if (Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(name::equals)) {
            return true;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(name::equals)) {
                return true;
            }
        }
        return false;
    }
}
