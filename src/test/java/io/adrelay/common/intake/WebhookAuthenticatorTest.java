package io.adrelay.common.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookAuthenticatorTest {

    private static final String SECRET = "whsec-test-0123456789";
    private static final byte[] BODY = "{\"event\":\"batch.created\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsTheTokenAsHeaderOrQueryParameter() {
        assertDoesNotThrow(() -> WebhookAuthenticator.verify(SECRET, SECRET, null, null, BODY));
        assertDoesNotThrow(() -> WebhookAuthenticator.verify(SECRET, null, SECRET, null, BODY));
    }

    @Test
    void acceptsAValidSignatureOfTheRawBody() {
        String signature = WebhookAuthenticator.expectedSignature(SECRET, BODY);
        assertDoesNotThrow(() -> WebhookAuthenticator.verify(SECRET, null, null, signature, BODY));
        byte[] tampered = "{\"event\":\"batch.updated\"}".getBytes(StandardCharsets.UTF_8);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> WebhookAuthenticator.verify(SECRET, null, null, signature, tampered));
        assertEquals(401, e.status());
    }

    @Test
    void refusesMissingOrWrongCredentials() {
        assertEquals(401, assertThrows(RequestRejectedException.class,
                () -> WebhookAuthenticator.verify(SECRET, null, null, null, BODY)).status());
        assertEquals(401, assertThrows(RequestRejectedException.class,
                () -> WebhookAuthenticator.verify(SECRET, "wrong", null, null, BODY)).status());
        assertEquals(503, assertThrows(RequestRejectedException.class,
                () -> WebhookAuthenticator.verify("", SECRET, null, null, BODY)).status());
    }
}
