package io.adrelay.common;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** One call through an API's egress route, from Java logic: method, path, query and body in; the answer out. */
public final class EgressCall {

    private EgressCall() {
    }

    /** Sends, and throws the call's failure (an ApiCallException for API errors) rather than returning it. */
    public static Exchange send(ProducerTemplate template, String egress, String method, String path, String query, Object body) {
        Exchange result = template.send(egress, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
            exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
            if (query != null) {
                exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
            }
            exchange.getIn().setBody(body);
        });
        if (result.getException() != null) {
            throw new EgressFailure(result.getProperty(Flow.REQUEST, method + " " + path, String.class), result.getException());
        }
        return result;
    }

    /** The answer's body as JSON ({} when empty). */
    public static JsonNode json(Exchange result) {
        byte[] answer = result.getMessage().getBody(byte[].class);
        try {
            return Json.MAPPER.readTree(answer == null || answer.length == 0 ? "{}".getBytes() : answer);
        } catch (IOException e) {
            throw new UncheckedIOException("the API answered something that is not JSON", e);
        }
    }
}
