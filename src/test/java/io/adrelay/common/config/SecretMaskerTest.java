package io.adrelay.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void masksRegisteredSecretsWherever_theyAppear() {
        SecretMasker.register("s3cr3t-value-xyz");
        String masked = SecretMasker.mask("calling with s3cr3t-value-xyz inside a sentence");
        assertFalse(masked.contains("s3cr3t-value-xyz"));
        assertTrue(masked.contains(SecretMasker.MASK));
    }

    @Test
    void masksARegisteredSecretInItsUrlEncodedFormToo() {
        SecretMasker.register("SEC+mrk/BSA=k&y%z");
        String masked = SecretMasker.mask("retrying https://papi.buysellads.com/lineitems?startDate=2026-12-01&apikey2=SEC%2Bmrk%2FBSA%3Dk%26y%25z"
                + " (raw: SEC+mrk/BSA=k&y%z)");
        assertFalse(masked.contains("mrk"), masked);
    }

    @Test
    void masksCredentialsInQueryStringsByShape() {
        String masked = SecretMasker.mask("GET https://papi.buysellads.com/lineitems?key=unregistered123&startDate=2020-09-01");
        assertEquals("GET https://papi.buysellads.com/lineitems?key=" + SecretMasker.MASK + "&startDate=2020-09-01", masked);
        assertFalse(SecretMasker.mask("POST /webhooks/statlas?token=abcdef").contains("abcdef"));
    }

    @Test
    void masksAuthorizationHeadersAndJsonSecrets() {
        assertFalse(SecretMasker.mask("Authorization: Bearer eyJhbGciOi.abc").contains("eyJhbGciOi"));
        assertFalse(SecretMasker.mask("Authorization=ApiToken tok_123456").contains("tok_123456"));
        assertFalse(SecretMasker.mask("{\"access_token\": \"at-987654\"}").contains("at-987654"));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "BuySellAds daily-stats 2026-11-21: 4 rows -> data/outbox/bsa/daily-stats/2026-11-21.csv";
        assertEquals(text, SecretMasker.mask(text));
        SecretMasker.register("abc");
        assertEquals("abc is too short to be treated as a secret", SecretMasker.mask("abc is too short to be treated as a secret"));
    }
}
