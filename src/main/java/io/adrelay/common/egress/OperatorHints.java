package io.adrelay.common.egress;

import java.util.Map;

/** What an operator should do about an API error code that no retry can fix. */
public final class OperatorHints {

    private static final Map<String, String> HINTS = Map.of(
            "ASSET_ACCESS_DENIED", "Statlas cannot read the Drive folder: share it with the service account "
                    + "statlas-assets@statlas.iam.gserviceaccount.com with Viewer access, then replay this dead letter",
            "UNAUTHORIZED", "the API key was refused: check the flow's API key variable",
            "FORBIDDEN", "the credentials lack access to this resource");

    private OperatorHints() {
    }

    public static String forCode(String code) {
        return code == null ? null : HINTS.get(code);
    }
}
