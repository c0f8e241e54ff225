package io.adrelay.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which settings each flow cannot run without in prod, and the secrets to mask everywhere.
 * A group of alternatives (e.g. a Snap access token, or client id + secret + refresh token)
 * is satisfied when any one of its options is complete.
 */
public final class RequiredSecrets {

    /** Per flow: alternatives, each a list of property keys that must all be set. */
    private static final Map<String, List<List<List<String>>>> REQUIRED = Map.of(
            "bsa", List.of(List.of(List.of("bsa.api-key"))),
            "statlas", List.of(
                    List.of(List.of("statlas.api-key")),
                    List.of(List.of("statlas.webhook-secret")),
                    List.of(List.of("statlas.drive-folder-id")),
                    List.of(List.of("google.application-credentials"), List.of("google.drive-access-token"))),
            "apisync", List.of(
                    List.of(List.of("apisync.api-token")),
                    List.of(List.of("apisync.webhook-secret"))),
            "snap", List.of(List.of(
                    List.of("snap.access-token"),
                    List.of("snap.client-id", "snap.client-secret", "snap.refresh-token"))));

    /** Property keys whose values are secrets, masked in every log line and file. */
    public static final List<String> SECRET_KEYS = List.of(
            "adrelay.ops-token", "bsa.api-key", "statlas.api-key", "statlas.webhook-secret",
            "google.drive-access-token", "apisync.api-token", "apisync.webhook-secret",
            "snap.access-token", "snap.client-secret", "snap.refresh-token", "adrelay.feeds.password", "adrelay.db.password");

    private RequiredSecrets() {
    }

    /** Every missing setting of the enabled flows, each as "set VARIABLE (flow x)"; empty when all are there. */
    public static List<String> missing(Settings settings, Set<String> flows) {
        List<String> missing = new ArrayList<>();
        if (settings.get("adrelay.ops-token").isEmpty()) {
            missing.add("set ADRELAY_OPS_TOKEN (the bearer token of /ops/*)");
        }
        for (String flow : List.of("statlas", "apisync", "snap", "bsa")) {
            if (!flows.contains(flow)) {
                continue;
            }
            for (List<List<String>> group : REQUIRED.get(flow)) {
                if (group.stream().noneMatch(option -> option.stream().allMatch(k -> !settings.get(k).isEmpty()))) {
                    List<String> names = new ArrayList<>();
                    group.forEach(option -> names.add(String.join(" + ", option.stream().map(Settings::envName).toList())));
                    missing.add("set " + String.join(" or ", names) + " (flow " + flow + ")");
                }
            }
        }
        return missing;
    }
}
