package io.adrelay.common.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.util.json.Jsonable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;

/**
 * Operator files refused as saved, by file name, each with its reason, reported by one health check until the file is
 * accepted or goes. The check is in the overall health only, not in readiness or liveness: a refused edit is for an
 * operator to fix, and what was in force before it keeps running. Camel writes a check's message escaped twice (a
 * path would read {@code routes\/x} once parsed), so the message names each file by its name, with its reason; the
 * check's data ({@code /observe/health?data=true}) gives each reason whole, paths included, written as it is.
 */
public final class RefusedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedFiles.class);

    private final Map<String, String> refused = new ConcurrentSkipListMap<>();
    private final AbstractHealthCheck health;

    /** {@code check}: the health check's id; {@code what}: what its message says before the file names. */
    public RefusedFiles(String check, String what) {
        health = new AbstractHealthCheck("adrelay", check) {
            @Override
            public boolean isReadiness() {
                return false;
            }

            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                if (refused.isEmpty()) {
                    builder.up();
                    return;
                }
                List<String> reasons = new ArrayList<>();
                refused.forEach((name, reason) -> {
                    builder.detail(name, new AsIs(reason));
                    // the file by its name: a path's slashes would come out escaped
                    reasons.add(reason.replaceAll("\\S*/" + Pattern.quote(name), Matcher.quoteReplacement(name)));
                });
                builder.down().message(what + ": " + String.join("; ", reasons));
            }
        };
    }

    /**
     * Records the file as refused, the reason naming it (by its path or its name); true when that is news (it was not
     * refused, or for another reason), to be said once.
     */
    public boolean refuse(String name, String reason) {
        return !reason.equals(refused.put(name, reason));
    }

    /** Forgets the file's refusal; true when it was refused. */
    public boolean accept(String name) {
        return refused.remove(name) != null;
    }

    /**
     * Reads an operator's file: a refusal ({@link InvalidInputException}, whose message names the file and every
     * problem) is recorded, said once as a WARN line, and thrown; a reading that succeeds forgets an earlier refusal.
     */
    public <T> T read(String name, Supplier<T> reading) {
        T read;
        try {
            read = reading.get();
        } catch (InvalidInputException refusal) {
            if (refuse(name, refusal.getMessage())) {
                LOG.warn("{}; what was in force before stays in force", refusal.getMessage());
            }
            throw refusal;
        }
        if (accept(name)) {
            LOG.info("{} is accepted again", name);
        }
        return read;
    }

    public AbstractHealthCheck health() {
        return health;
    }

    /** The files refused now, by name, each with its reason (the console lists them). */
    public Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    /** A text Camel's health JSON writes as it is: its own writer escapes every '/'. */
    private record AsIs(String text) implements Jsonable {
        @Override
        public String toJson() {
            try {
                return Json.MAPPER.writeValueAsString(text);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void toJson(Writer writer) throws IOException {
            writer.write(toJson());
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
