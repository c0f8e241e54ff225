package io.adrelay.common.routes;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessorDefinition;

/**
 * The bean steps of a route file ({@code bean: {ref: x, method: y}}) whose bean has no such method: Camel finds that
 * out when it builds the route, with a stack trace and exit code 1. An override copied from an earlier release, whose
 * beans have changed since, is the usual case; checked once every bean is bound, it is one line of its file.
 */
final class BeanSteps {

    private BeanSteps() {
    }

    /** A line per bean step of these outputs (and theirs) whose bean, when it is bound (and made), has no method of that name. */
    static void problems(CamelContext context, List<ProcessorDefinition<?>> outputs, String where, List<String> problems) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof BeanDefinition bean && bean.getRef() != null && bean.getMethod() != null) {
                String method = bean.getMethod().contains("(") ? bean.getMethod().substring(0, bean.getMethod().indexOf('(')) : bean.getMethod();
                Object found = context.getRegistry().lookupByName(bean.getRef());
                // a lazy bean is its supplier until first used: not made here just to be checked
                if (found != null && !(found instanceof Supplier<?>) && !hasMethod(found.getClass(), method.trim())) {
                    problems.add(RouteFileCheck.at(where, bean) + "bean " + bean.getRef() + " has no method " + method.trim()
                            + " (is this file a copy from an earlier release? compare it with the packaged one)");
                }
            }
            problems(context, output.getOutputs(), where, problems);
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
