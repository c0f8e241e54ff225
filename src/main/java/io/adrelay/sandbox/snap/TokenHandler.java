package io.adrelay.sandbox.snap;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimRequest;
import io.adrelay.sandbox.SimResponse;

/** Snap's OAuth token endpoint (refresh_token grant) and the access tokens it issued, each valid for its lifetime. */
final class TokenHandler {

    static final String PATH = "/login/oauth2/access_token";

    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Duration lifetime = Duration.ofSeconds(1800);
    private volatile String staticToken;
    /** Authorized requests left before every token issued so far expires; negative: no such countdown. */
    private final AtomicInteger untilExpiry = new AtomicInteger(-1);

    TokenHandler(String clientId, String clientSecret, String refreshToken) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
    }

    void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** A token accepted without being issued, as a long-lived SNAP_ACCESS_TOKEN is. */
    void acceptStaticToken(String token) {
        this.staticToken = token;
    }

    void expireAll() {
        tokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }

    /** After that many more authorized requests, every token issued so far expires (a token expiring in the middle of a run). */
    void expireAfter(int authorizedRequests) {
        untilExpiry.set(authorizedRequests);
        if (authorizedRequests == 0) {
            expireAll();
        }
    }

    int requests() {
        return requests.get();
    }

    SimResponse answer(SimRequest request) {
        requests.incrementAndGet();
        if (!"POST".equals(request.method())) {
            return SimResponse.json(405, Map.of("error", "invalid_request", "error_description", "POST only"));
        }
        Map<String, String> form = form(request.bodyAsString());
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            return SimResponse.json(401, Map.of("error", "invalid_client", "error_description", "unknown client or wrong secret"));
        }
        if (!"refresh_token".equals(form.get("grant_type")) || !refreshToken.equals(form.get("refresh_token"))) {
            return SimResponse.json(400, Map.of("error", "invalid_grant", "error_description", "refresh token is invalid"));
        }
        String token = "snap-at-" + UUID.randomUUID();
        tokens.put(token, Instant.now().plus(lifetime));
        ObjectNode body = SimResponse.JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", lifetime.toSeconds()).put("refresh_token", refreshToken).put("scope", "snapchat-marketing-api");
        return SimResponse.json(200, body);
    }

    /** Whether an Authorization header carries a live token; counts down to a pending expiry. */
    boolean authorized(String header) {
        if (!live(header)) {
            return false;
        }
        if (untilExpiry.get() > 0 && untilExpiry.decrementAndGet() == 0) {
            expireAll();
        }
        return true;
    }

    private boolean live(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String token = header.substring(7).trim();
        if (token.equals(staticToken)) {
            return true;
        }
        Instant expiry = tokens.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
