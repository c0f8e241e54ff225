package io.adrelay.common.intake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.config.Settings;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.intake.IntakeStore;

/**
 * The steps every webhook takes before it is stored: size, authentication, room in the flow's
 * queue and on disk, then strict Json.MAPPER. Each refusal is a 4xx/503 with a JSON reason, and nothing
 * is stored; the flow validates what it got and stores it before answering 202.
 */
public final class WebhookIntake {

    private final String api;
    private final String secret;
    private final IntakeQueue queue;
    private final JsonBody json;
    private final int maxBytes;
    private final int maxProblems;

    public WebhookIntake(String api, String secret, IntakeQueue queue, JsonBody json, int maxBytes, int maxProblems) {
        this.api = api;
        this.secret = secret;
        this.queue = queue;
        this.json = json;
        this.maxBytes = maxBytes;
        this.maxProblems = maxProblems;
    }

    /** The intake of one API's webhooks, its queue being the store its requests are kept in. */
    public static WebhookIntake of(CamelContext context, String api, IntakeStore store) {
        Settings settings = new Settings(context);
        IntakeQueue queue = new IntakeQueue(api, store, settings.getInt("adrelay.intake.max-pending"),
                context.getRegistry().findSingleByType(DiskSpace.class))
                .measuredBy(context.getRegistry().findSingleByType(MeterRegistry.class));
        return new WebhookIntake(api, settings.get(api + ".webhook-secret"), queue, context.getRegistry().findSingleByType(JsonBody.class),
                settings.getInt("adrelay.webhook.max-bytes"), settings.getInt("adrelay.webhook.max-problems"));
    }

    /** The request's one JSON value, once size, credentials, queue room and encoding are checked. */
    public JsonNode receive(Exchange e) {
        // for the line a refusal logs (WebhookResponses): which webhook, from where
        e.setProperty(Flow.WEBHOOK, api);
        e.setProperty(Flow.WEBHOOK_SOURCE, sourceAddress(e));
        byte[] body = e.getIn().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        if (body.length > maxBytes) {
            throw new RequestRejectedException(413, "body is larger than " + maxBytes + " bytes (adrelay.webhook.max-bytes)");
        }
        authenticate(e, body);
        queue.admit();
        String contentType = e.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            throw new RequestRejectedException(415, "send the JSON itself as the request body, not as a multipart form");
        }
        try {
            JsonBody.requireUtf8(contentType);
        } catch (JsonBody.MalformedException notUtf8) {
            throw new RequestRejectedException(415, notUtf8.getMessage());
        }
        try {
            return json.parse(body);
        } catch (JsonBody.MalformedException malformed) {
            throw new RequestRejectedException(400, "malformed JSON: " + malformed.getMessage());
        }
    }

    /** The address the request came from (the peer of the connection: a proxy's, behind one). */
    static String sourceAddress(Exchange e) {
        Object peer = e.getIn().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (peer instanceof SocketAddress address) {
            return address.hostAddress() != null ? address.hostAddress() : address.host();
        }
        return peer == null ? null : String.valueOf(peer);
    }

    /** Checks the flow's webhook secret (header, query token or HMAC signature) against the raw body. */
    public void authenticate(Exchange e, byte[] body) {
        WebhookAuthenticator.verify(secret,
                e.getIn().getHeader(WebhookAuthenticator.TOKEN_HEADER, String.class),
                e.getIn().getHeader(WebhookAuthenticator.TOKEN_QUERY, String.class),
                e.getIn().getHeader(WebhookAuthenticator.SIGNATURE_HEADER, String.class), body);
    }

    /** A 422 naming at most adrelay.webhook.max-problems problems, and how many there are in all. */
    public RequestRejectedException invalid(String reason, List<?> problems) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("problems", problems.size() > maxProblems ? problems.subList(0, maxProblems) : problems);
        details.put("problems_total", problems.size());
        if (problems.size() > maxProblems) {
            details.put("problems_omitted", problems.size() - maxProblems);
        }
        return new RequestRejectedException(422, reason, details);
    }

    @Override
    public String toString() {
        return "webhook intake of " + api;
    }
}
