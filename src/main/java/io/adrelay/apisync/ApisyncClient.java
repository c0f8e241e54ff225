package io.adrelay.apisync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.EgressResponse;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Calls APISync through its egress routes (throttle, auth, error mapping) and reads the JSON:API answers. */
final class ApisyncClient {

    private final ProducerTemplate template;

    ApisyncClient(ProducerTemplate template) {
        this.template = template;
    }

    /** GET a path, or a links.next URL (its path and query are used: the host is always our base URL). */
    JsonNode get(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.replace("[", "%5B").replace("]", "%5D"));
        return call("direct:apisync-egress-read", "GET", uri.getRawPath(), uri.getRawQuery(), null);
    }

    /** An answer and its status (201 created, 200 updated). */
    record Answer(int status, JsonNode body) {
    }

    Answer write(String method, String path, ObjectNode document) {
        Exchange result = send("direct:apisync-egress-write", method, path, null, document.toString());
        return new Answer(result.getProperty(EgressResponse.STATUS, 0, Integer.class), json(result));
    }

    /** The record whose reference_id matches, by paging through the list; null when none. */
    JsonNode findByReference(String resourcePath, String referenceId) {
        String next = "/" + resourcePath;
        while (next != null) {
            JsonNode page = get(next);
            for (JsonNode record : page.path("data")) {
                if (referenceId.equals(record.path("attributes").path("reference_id").asText(null))) {
                    return record;
                }
            }
            next = page.path("links").path("next").asText(null);
        }
        return null;
    }

    private JsonNode call(String egress, String method, String path, String query, String body) {
        return json(send(egress, method, path, query, body));
    }

    private Exchange send(String egress, String method, String path, String query, String body) {
        Exchange result = template.send(egress, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
            exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
            if (query != null) {
                exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
            }
            exchange.getIn().setBody(body);
        });
        if (result.getException() != null) {
            throw result.getException() instanceof RuntimeException r ? r : new IllegalStateException(result.getException());
        }
        return result;
    }

    private static JsonNode json(Exchange result) {
        byte[] answer = result.getMessage().getBody(byte[].class);
        try {
            return ApisyncMapper.JSON.readTree(answer == null || answer.length == 0 ? "{}".getBytes() : answer);
        } catch (IOException e) {
            throw new UncheckedIOException("APISync answered something that is not JSON", e);
        }
    }
}
