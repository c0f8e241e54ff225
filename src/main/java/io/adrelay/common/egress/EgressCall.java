package io.adrelay.common.egress;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import io.adrelay.common.Json;

/** A call through an API's egress route as its caller's route step: method, path, query and body set; the answer read. */
public final class EgressCall {

    private EgressCall() {
    }

    /**
     * Sets the call a route step sends next to an egress route ({@code to: direct:<api>-egress-<class>}). A new call
     * names no effect until its caller says so: an update sent after a create on the same exchange is not that create.
     */
    public static void request(Exchange exchange, String method, String path, String query, Object body) {
        for (String header : new String[] {SentEffects.EFFECT, SentEffects.CHECK, SentEffects.BASELINE}) {
            exchange.getIn().removeHeader(header);
        }
        get(exchange, path, query);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getIn().setBody(body);
    }

    /** A GET, the body left as it is (a GET sends none): received into a variable, the message stays whole. */
    public static void get(Exchange exchange, String path, String query) {
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        if (query == null) {
            exchange.getIn().removeHeader(Exchange.HTTP_QUERY);
        } else {
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
        }
    }

    /** The answer's body as JSON ({} when empty). */
    public static JsonNode json(Exchange result) {
        return json(result.getMessage().getBody(byte[].class));
    }

    /** An answer (bytes, text or JSON already) as JSON ({} when empty or absent). */
    public static JsonNode json(Object answer) {
        if (answer instanceof JsonNode node) {
            return node;
        }
        byte[] bytes = answer instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8) : (byte[]) answer;
        try {
            return Json.MAPPER.readTree(bytes == null || bytes.length == 0 ? "{}".getBytes() : bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the API answered something that is not JSON", e);
        }
    }
}
