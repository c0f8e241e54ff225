package io.adrelay.snap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SideCall;

/**
 * Snap's bearer token (bean snapAccessTokens, steps of route snap-egress-credentials in routes/snap-egress.camel.yaml): a
 * static SNAP_ACCESS_TOKEN, or the OAuth2 refresh-token grant against SNAP_TOKEN_URL with the token cached until
 * shortly before it expires. {@link #needed} decides; the route sends the form through the token's egress route
 * (snap-egress-token: its budget, and its 429 and 5xx retried like any other call); {@link #store} keeps the answer.
 * One call refreshes at a time: the others wait for its token rather than ask for one of their own.
 */
public final class SnapAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(SnapAccessTokens.class);
    /** Refresh this long before Snap says the token expires: a call must not start with a dying token. */
    static final Duration EARLY = Duration.ofSeconds(60);
    /** Exchange property: the bearer token this call sends. */
    static final String TOKEN = "AdrelaySnapToken";
    /** Exchange property: true while this exchange refreshes the token (the other calls wait for it). */
    static final String REFRESHING = "AdrelaySnapTokenRefreshing";
    /** Exchange variable: the refresh-token form to send (client secret and refresh token inside: never logged). */
    static final String FORM = "snapTokenForm";

    private final String staticToken;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    /** Held by the one exchange refreshing the token, from {@link #needed} to {@link #release}, whatever thread ends it. */
    private final Semaphore refreshing = new Semaphore(1);
    private String refreshToken;
    private String token;
    private Instant refreshAt = Instant.MIN;

    SnapAccessTokens(String staticToken, String clientId, String clientSecret, String refreshToken, Clock clock) {
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

    /**
     * Is a fresh token needed (none yet, Snap refused the last, or it expires within {@link #EARLY})? No: property
     * {@link #TOKEN} is the token to send. Yes: this exchange refreshes it (property {@link #REFRESHING}, variable
     * {@link #FORM}); a call that finds another refreshing waits for it, then sends its token.
     */
    public void needed(Exchange e) {
        if (!refreshable()) {
            e.setProperty(TOKEN, staticToken);
            return;
        }
        String fresh = fresh();
        if (fresh == null) {
            waitForTheRefresh();
            // another call may have refreshed it while this one waited
            fresh = fresh();
            if (fresh == null) {
                e.setProperty(REFRESHING, true);
                e.setVariable(FORM, form());
                return;
            }
            refreshing.release();
        }
        e.setProperty(TOKEN, fresh);
    }

    private void waitForTheRefresh() {
        try {
            refreshing.acquire();
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Snap's token refresh", stop);
        }
    }

    /** The refresh as a call of its own (route snap-egress-refresh-token): the form, POSTed; nothing of the call that asked. */
    public void request(Exchange e) {
        String form = e.getVariable(FORM, String.class);
        e.removeVariable("*");
        e.removeProperties("*");
        e.getIn().getHeaders().clear();
        EgressCall.request(e, "POST", "", null, form);
    }

    /** Keeps the token endpoint's answer (variable sideCallAnswer): the token to send, when to refresh, a rotated refresh token. */
    public void store(Exchange e) {
        JsonNode answer = EgressCall.json(e.getVariable(SideCall.ANSWER));
        e.removeVariable(SideCall.ANSWER);
        String fresh = answer.path("access_token").asText("");
        if (fresh.isEmpty()) {
            throw new IllegalStateException("Snap's token endpoint answered without an access_token");
        }
        SecretMasker.register(fresh);
        long lifetime = answer.path("expires_in").asLong(1800);
        String rotated = answer.path("refresh_token").asText("");
        synchronized (this) {
            token = fresh;
            // short-lived tokens (tests, odd servers) are refreshed half-way instead
            refreshAt = clock.instant().plusSeconds(lifetime - Math.min(EARLY.toSeconds(), lifetime / 2));
            if (!rotated.isEmpty() && !rotated.equals(refreshToken)) {
                SecretMasker.register(rotated);
                refreshToken = rotated;
                LOG.warn("Snap rotated the refresh token; the new one is used until restart (update SNAP_REFRESH_TOKEN)");
            }
        }
        e.setProperty(TOKEN, fresh);
        LOG.info("Snap access token refreshed; valid for {} s", lifetime);
    }

    /** The refresh is over (stored or failed): the calls waiting for it go on. */
    public void release(Exchange e) {
        e.removeVariable(FORM);
        if (e.removeProperty(REFRESHING) != null) {
            refreshing.release();
        }
    }

    /** Snap refused the token (401): the next call fetches a new one. */
    synchronized void invalidate() {
        token = null;
    }

    private synchronized String fresh() {
        return token != null && clock.instant().isBefore(refreshAt) ? token : null;
    }

    private synchronized String form() {
        return "grant_type=refresh_token&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                + "&refresh_token=" + encode(refreshToken);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
