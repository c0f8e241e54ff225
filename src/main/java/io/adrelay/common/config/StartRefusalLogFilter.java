package io.adrelay.common.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.camel.FailedToCreateRouteException;
import org.slf4j.Marker;

/**
 * A configuration refused while Camel starts (the HTTP server cannot listen, say), or a route Camel cannot build, is
 * logged by Camel as "Error starting CamelContext" with the exception, then printed by {@code Application} as its one
 * "Cannot start:" line per problem. This drops Camel's copy, so the operator reads each problem once.
 */
public final class StartRefusalLogFilter extends TurboFilter {

    private static final String CAMEL_CONTEXT = "org.apache.camel.impl.engine.AbstractCamelContext";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !CAMEL_CONTEXT.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t;
        if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            thrown = last;
        }
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException || cause instanceof FailedToCreateRouteException) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
