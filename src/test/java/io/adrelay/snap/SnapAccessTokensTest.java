package io.adrelay.snap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import io.adrelay.common.egress.SideCall;

/**
 * The steps of route snap-egress-credentials, as it takes them: tokens are cached until a minute before they expire,
 * fetched again after a 401, never asked for with a static token, and one call refreshes while the others wait.
 */
class SnapAccessTokensTest {

    final List<String> forms = new ArrayList<>();
    final DefaultCamelContext context = new DefaultCamelContext();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aTokenIsReusedUntilAMinuteBeforeItExpires() {
        SnapAccessTokens tokens = tokens("");
        assertEquals("token-1", call(tokens));
        assertTrue(forms.get(0).contains("grant_type=refresh_token") && forms.get(0).contains("refresh_token=refresh-0042"), forms.get(0));
        now = now.plus(Duration.ofMinutes(28).plusSeconds(59));
        assertEquals("token-1", call(tokens));
        now = now.plusSeconds(1);
        assertEquals("token-2", call(tokens), "29 minutes in, the token is renewed");
        assertEquals(2, forms.size());
    }

    @Test
    void aRefusedTokenIsReplacedAtTheNextCall() {
        SnapAccessTokens tokens = tokens("");
        String first = call(tokens);
        tokens.invalidate();
        assertNotEquals(first, call(tokens));
    }

    @Test
    void aStaticTokenIsUsedAsItIs() {
        SnapAccessTokens tokens = tokens("static-token-0042");
        assertEquals("static-token-0042", call(tokens));
        assertEquals(0, forms.size());
        assertFalse(tokens.refreshable());
    }

    @Test
    void aRotatedRefreshTokenIsSentAtTheNextRefresh() {
        SnapAccessTokens tokens = tokens("");
        Exchange first = exchange();
        tokens.needed(first);
        first.setVariable(SideCall.ANSWER, "{\"access_token\": \"token-1\", \"expires_in\": 1800, \"refresh_token\": \"rotated-0042\"}");
        tokens.store(first);
        tokens.release(first);
        tokens.invalidate();
        call(tokens);
        assertTrue(forms.get(forms.size() - 1).contains("refresh_token=rotated-0042"), forms.toString());
    }

    /** A call that needs a token while another refreshes it waits for that token: never two refreshes at once. */
    @Test
    void aCallWaitsForTheRefreshGoingOn() throws Exception {
        SnapAccessTokens tokens = tokens("");
        Exchange refreshing = exchange();
        tokens.needed(refreshing);
        assertTrue(refreshing.getVariable(SnapAccessTokens.FORM, String.class).contains("grant_type=refresh_token"));

        Exchange waiting = exchange();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> tokens.needed(waiting));
        // still waiting, a while later: it does not go on with a token of its own
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
        refreshing.setVariable(SideCall.ANSWER, "{\"access_token\": \"token-1\", \"expires_in\": 1800}");
        tokens.store(refreshing);
        tokens.release(refreshing);
        second.get(5, TimeUnit.SECONDS);
        assertEquals("token-1", waiting.getProperty(SnapAccessTokens.TOKEN));
        assertNull(waiting.getVariable(SnapAccessTokens.FORM), "the waiting call did not refresh too");
        assertNull(refreshing.getVariable(SnapAccessTokens.FORM), "the form does not outlive the refresh");
    }

    @Test
    void aFailedRefreshLetsTheNextCallTry() throws Exception {
        SnapAccessTokens tokens = tokens("");
        Exchange failing = exchange();
        tokens.needed(failing);
        // the token endpoint failed: no answer to store, the doFinally releases
        tokens.release(failing);
        assertEquals("token-1", CompletableFuture.supplyAsync(() -> call(tokens)).get(5, TimeUnit.SECONDS));
    }

    /** What the route does for one call: needed, then (when refreshing) the token endpoint's answer, store, release. */
    private String call(SnapAccessTokens tokens) {
        Exchange e = exchange();
        tokens.needed(e);
        if (Boolean.TRUE.equals(e.getProperty(SnapAccessTokens.REFRESHING))) {
            try {
                // stands in for snap-egress-token: each refresh hands out token-<n>, valid for 30 minutes
                Exchange sent = exchange();
                sent.setVariable(SnapAccessTokens.FORM, e.getVariable(SnapAccessTokens.FORM));
                tokens.request(sent);
                assertEquals("POST", sent.getIn().getHeader(Exchange.HTTP_METHOD));
                forms.add(sent.getIn().getBody(String.class));
                e.setVariable(SideCall.ANSWER, ("{\"access_token\": \"token-" + forms.size() + "\", \"expires_in\": 1800}").getBytes());
                tokens.store(e);
            } finally {
                tokens.release(e);
            }
        }
        new SnapAuthorization().call(e);
        return e.getIn().getHeader("Authorization", String.class).substring("Bearer ".length());
    }

    private Exchange exchange() {
        return new DefaultExchange(context);
    }

    private SnapAccessTokens tokens(String staticToken) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new SnapAccessTokens(staticToken, "client", "secret-0042", "refresh-0042", clock);
    }
}
