package io.adrelay.common.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook against the flow's secret, given as header X-Webhook-Token, query parameter
 * {@code token}, or {@code X-Signature: sha256=<hex HMAC-SHA256 of the raw body>}. Constant-time.
 */
public final class WebhookAuthenticator {

    public static final String TOKEN_HEADER = "X-Webhook-Token";
    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String TOKEN_QUERY = "token";

    private WebhookAuthenticator() {
    }

    public static void verify(String secret, String headerToken, String queryToken, String signature, byte[] rawBody) {
        if (secret == null || secret.isBlank()) {
            throw new RequestRejectedException(503, "webhook secret is not configured");
        }
        if (signature != null && !signature.isBlank()) {
            if (!constantTimeEquals(expectedSignature(secret, rawBody), signature.trim().toLowerCase())) {
                throw new RequestRejectedException(401, "invalid signature");
            }
            return;
        }
        String token = headerToken != null && !headerToken.isBlank() ? headerToken : queryToken;
        if (token == null || token.isBlank()) {
            throw new RequestRejectedException(401, "missing credentials: send X-Webhook-Token, ?token= or X-Signature");
        }
        if (!constantTimeEquals(secret, token.trim())) {
            throw new RequestRejectedException(401, "invalid token");
        }
    }

    public static String expectedSignature(String secret, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody == null ? new byte[0] : rawBody));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
