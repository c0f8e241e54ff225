package io.adrelay.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
    void namesEveryMissingVariableAtOnce() {
        assertEquals(List.of("set ADRELAY_OPS_TOKEN (the bearer token of /ops/*)", "set BSA_API_KEY (flow bsa)"),
                RequiredSecrets.missing(settings(), Set.of("bsa")));
        assertEquals(List.of("set STATLAS_API_KEY (flow statlas)", "set STATLAS_WEBHOOK_SECRET (flow statlas)",
                "set STATLAS_DRIVE_FOLDER_ID (flow statlas)",
                "set GOOGLE_APPLICATION_CREDENTIALS or GOOGLE_DRIVE_ACCESS_TOKEN (flow statlas)",
                "set APISYNC_API_TOKEN (flow apisync)", "set APISYNC_WEBHOOK_SECRET (flow apisync)",
                "set SNAP_ACCESS_TOKEN or SNAP_CLIENT_ID + SNAP_CLIENT_SECRET + SNAP_REFRESH_TOKEN (flow snap)",
                "set BSA_API_KEY (flow bsa)"),
                RequiredSecrets.missing(settings("adrelay.ops-token", "t"), Set.of("statlas", "apisync", "snap", "bsa")));
        assertEquals(List.of(), RequiredSecrets.missing(settings("adrelay.ops-token", "t", "bsa.api-key", "k"), Set.of("bsa")));
    }

    @Test
    void aFlowLeftOutNeedsNothing() {
        assertEquals(List.of(), RequiredSecrets.missing(settings("adrelay.ops-token", "t"), Set.of()));
    }

    @Test
    void alternativesAreSatisfiedByAnyCompleteOption() {
        String base = "adrelay.ops-token";
        assertEquals(List.of("set SNAP_ACCESS_TOKEN or SNAP_CLIENT_ID + SNAP_CLIENT_SECRET + SNAP_REFRESH_TOKEN (flow snap)"),
                RequiredSecrets.missing(settings(base, "t", "snap.client-id", "c"), Set.of("snap")));
        assertEquals(List.of(), RequiredSecrets.missing(settings(base, "t", "snap.access-token", "a"), Set.of("snap")));
        assertEquals(List.of(), RequiredSecrets.missing(settings(base, "t", "snap.client-id", "c", "snap.client-secret", "s",
                "snap.refresh-token", "r"), Set.of("snap")));
    }

    @Test
    void unknownFlowsAndProfilesAreRefusedNamingTheValue() {
        assertEquals(List.of("ADRELAY_FLOWS names tiktok, snapp, which is not a flow: use any of statlas, apisync, snap, bsa"),
                assertThrows(ConfigurationException.class, () -> settings("adrelay.flows", "bsa,tiktok,snapp").flows()).problems());
        assertEquals(Set.of("bsa", "snap"), settings("adrelay.flows", " bsa , SNAP ").flows());
        assertEquals("ADRELAY_PROFILE=prd is not a profile: use sandbox, prod or cluster",
                assertThrows(ConfigurationException.class, () -> settings("adrelay.profile", "prd").profile()).getMessage());
        assertEquals(Profile.PROD, settings("adrelay.profile", "PROD").profile());
    }
}
