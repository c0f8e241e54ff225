package io.adrelay.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one ObjectMapper of the runtime, configured once: bound in the registry (so camel-jackson's
 * data format uses it where routes marshal and unmarshal) and used by the beans behind the routes.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** For files people read (dead letters, error reasons): indented. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
