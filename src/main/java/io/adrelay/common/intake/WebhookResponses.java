package io.adrelay.common.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.storage.StorageException;

/** The JSON answers of inbound HTTP endpoints; request headers are never echoed back. */
public final class WebhookResponses {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookResponses.class);

    private WebhookResponses() {
    }

    public static void rejected(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof RequestRejectedException rejected) {
                logRefusal(exchange, rejected);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", rejected.getMessage());
                if (rejected.details() instanceof Map<?, ?> details) {
                    details.forEach((k, v) -> body.put(String.valueOf(k), v));
                } else if (rejected.details() != null) {
                    body.put("problems", rejected.details());
                }
                reply(exchange, rejected.status(), body);
                if (rejected.retryAfterSeconds() > 0) {
                    exchange.getMessage().setHeader("Retry-After", String.valueOf(rejected.retryAfterSeconds()));
                }
                return;
            }
        }
        failed(exchange);
    }

    /** A refused webhook is one WARN line (rate-limited); other refused requests (ops, feeds) are answered only. */
    private static void logRefusal(Exchange exchange, RequestRejectedException rejected) {
        String webhook = exchange.getProperty(Flow.WEBHOOK, String.class);
        RefusedWebhookLog log = webhook == null ? null
                : exchange.getContext().getRegistry().lookupByNameAndType(RefusedWebhookLog.BEAN, RefusedWebhookLog.class);
        if (log != null) {
            log.refused(webhook, rejected.status(), rejected.getMessage(), exchange.getProperty(Flow.WEBHOOK_SOURCE, String.class));
        }
    }

    public static void failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (StorageException.in(caught) != null) {
            // the disk refused the write: nothing was acknowledged, the sender retries later
            LOG.warn("{} could not store a request: {}", exchange.getFromRouteId(), caught.getMessage());
            reply(exchange, 503, Map.of("error", "adrelay could not store the request (disk full?); nothing was accepted, retry later"));
            exchange.getMessage().setHeader("Retry-After", "30");
            return;
        }
        LOG.error("{} failed: {}", exchange.getFromRouteId(), caught == null ? "unknown" : caught.toString(), caught);
        reply(exchange, 500, Map.of("error", "internal error; nothing was accepted, please retry"));
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
            out.setBody(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
