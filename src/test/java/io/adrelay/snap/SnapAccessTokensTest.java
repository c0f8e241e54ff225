package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens are cached until a minute before they expire, fetched again after a 401, and never asked for with a static token. */
class SnapAccessTokensTest {

    final List<String> forms = new ArrayList<>();
    final DefaultCamelContext context = new DefaultCamelContext();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeEach
    void tokenEndpoint() throws Exception {
        // stands in for the egress route: each call hands out token-<n>, valid for 30 minutes
        RouteBuilder.addRoutes(context, r -> r.from("direct:snap-egress-token").process(e -> {
            forms.add(e.getIn().getBody(String.class));
            e.getMessage().setBody(("{\"access_token\": \"token-" + forms.size() + "\", \"expires_in\": 1800}").getBytes());
        }));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aTokenIsReusedUntilAMinuteBeforeItExpires() {
        SnapAccessTokens tokens = tokens("");
        assertEquals("token-1", tokens.current());
        assertTrue(forms.get(0).contains("grant_type=refresh_token") && forms.get(0).contains("refresh_token=refresh-0042"), forms.get(0));
        now = now.plus(Duration.ofMinutes(28).plusSeconds(59));
        assertEquals("token-1", tokens.current());
        now = now.plusSeconds(1);
        assertEquals("token-2", tokens.current(), "29 minutes in, the token is renewed");
        assertEquals(2, forms.size());
    }

    @Test
    void aRefusedTokenIsReplacedAtTheNextCall() {
        SnapAccessTokens tokens = tokens("");
        String first = tokens.current();
        tokens.invalidate();
        assertNotEquals(first, tokens.current());
    }

    @Test
    void aStaticTokenIsUsedAsItIs() {
        SnapAccessTokens tokens = tokens("static-token-0042");
        assertEquals("static-token-0042", tokens.current());
        assertEquals(0, forms.size());
        assertFalse(tokens.refreshable());
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
        return new SnapAccessTokens(context.createProducerTemplate(), staticToken, "client", "secret-0042", "refresh-0042", clock);
    }
}
