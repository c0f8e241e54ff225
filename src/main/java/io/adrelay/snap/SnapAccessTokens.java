package io.adrelay.snap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.egress.EgressCall;

/**
 * Snap's bearer token: a static SNAP_ACCESS_TOKEN, or the OAuth2 refresh-token grant against
 * SNAP_TOKEN_URL with the token cached until shortly before it expires. The token endpoint is
 * called through its egress route, so its 429 and 5xx are retried like any other call.
 */
final class SnapAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(SnapAccessTokens.class);
    /** Refresh this long before Snap says the token expires: a call must not start with a dying token. */
    static final Duration EARLY = Duration.ofSeconds(60);

    private final ProducerTemplate template;
    private final String staticToken;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private String refreshToken;
    private String token;
    private Instant refreshAt = Instant.MIN;

    SnapAccessTokens(ProducerTemplate template, String staticToken, String clientId, String clientSecret, String refreshToken, Clock clock) {
        this.template = template;
        this.staticToken = staticToken;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.clock = clock;
    }

    /** With client credentials and a refresh token, a 401 can be cured by a new token. */
    boolean refreshable() {
        return staticToken.isEmpty();
    }

    synchronized String current() {
        if (!refreshable()) {
            return staticToken;
        }
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            refresh();
        }
        return token;
    }

    /** Snap refused the token (401): the next call fetches a new one. */
    synchronized void invalidate() {
        token = null;
    }

    private void refresh() {
        String form = "grant_type=refresh_token&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                + "&refresh_token=" + encode(refreshToken);
        JsonNode answer = EgressCall.json(EgressCall.send(template, "direct:snap-egress-token", "POST", "", null, form));
        String fresh = answer.path("access_token").asText("");
        if (fresh.isEmpty()) {
            throw new IllegalStateException("Snap's token endpoint answered without an access_token");
        }
        SecretMasker.register(fresh);
        long lifetime = answer.path("expires_in").asLong(1800);
        token = fresh;
        // short-lived tokens (tests, odd servers) are refreshed half-way instead
        refreshAt = clock.instant().plusSeconds(lifetime - Math.min(EARLY.toSeconds(), lifetime / 2));
        String rotated = answer.path("refresh_token").asText("");
        if (!rotated.isEmpty() && !rotated.equals(refreshToken)) {
            SecretMasker.register(rotated);
            refreshToken = rotated;
            LOG.warn("Snap rotated the refresh token; the new one is used until restart (update SNAP_REFRESH_TOKEN)");
        }
        LOG.info("Snap access token refreshed; valid for {} s", lifetime);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
