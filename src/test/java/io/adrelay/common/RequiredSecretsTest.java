package io.adrelay.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class RequiredSecretsTest {

    private static Settings settings(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(props);
        return new Settings(context);
    }

    @Test
    void namesTheFirstMissingVariable() {
        assertEquals("ADRELAY_OPS_TOKEN", RequiredSecrets.firstMissing(settings(), Set.of("bsa")));
        assertEquals("BSA_API_KEY (flow bsa)", RequiredSecrets.firstMissing(settings("adrelay.ops-token", "t"), Set.of("bsa")));
        assertNull(RequiredSecrets.firstMissing(settings("adrelay.ops-token", "t", "bsa.api-key", "k"), Set.of("bsa")));
    }

    @Test
    void aFlowLeftOutNeedsNothing() {
        assertNull(RequiredSecrets.firstMissing(settings("adrelay.ops-token", "t"), Set.of()));
    }

    @Test
    void alternativesAreSatisfiedByAnyCompleteOption() {
        String base = "adrelay.ops-token";
        assertEquals("SNAP_ACCESS_TOKEN or SNAP_CLIENT_ID + SNAP_CLIENT_SECRET + SNAP_REFRESH_TOKEN (flow snap)",
                RequiredSecrets.firstMissing(settings(base, "t", "snap.client-id", "c"), Set.of("snap")));
        assertNull(RequiredSecrets.firstMissing(settings(base, "t", "snap.access-token", "a"), Set.of("snap")));
        assertNull(RequiredSecrets.firstMissing(settings(base, "t", "snap.client-id", "c", "snap.client-secret", "s",
                "snap.refresh-token", "r"), Set.of("snap")));
    }

    @Test
    void unknownFlowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings("adrelay.flows", "bsa,tiktok").flows());
        assertEquals(Set.of("bsa", "snap"), settings("adrelay.flows", " bsa , SNAP ").flows());
    }
}
