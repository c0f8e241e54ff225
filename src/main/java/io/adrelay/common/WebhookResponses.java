package io.adrelay.common;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The JSON answers of inbound HTTP endpoints; request headers are never echoed back. */
public final class WebhookResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookResponses() {
    }

    public static void rejected(Exchange exchange) {
        RequestRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RequestRejectedException.class);
        reply(exchange, e.status(), Map.of("error", e.getMessage()));
    }

    public static void failed(Exchange exchange) {
        reply(exchange, 500, Map.of("error", "internal error; the event was not accepted, please retry"));
    }

    public static void accepted(Exchange exchange, String trackingId) {
        reply(exchange, 202, Map.of("tracking_id", trackingId));
    }

    /** Replaces the message with a JSON reply: status, content type and body, nothing else. */
    public static void reply(Exchange exchange, int status, Object body) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
