package io.adrelay.common.config;

import java.util.Locale;

/** ADRELAY_PROFILE: exactly sandbox (local simulators) or prod (the real APIs); a typo is never taken for either. */
public enum Profile {
    SANDBOX, PROD;

    public static Profile of(String value) {
        String given = value == null ? "" : value.trim();
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(given)) {
                return profile;
            }
        }
        throw new ConfigurationException("ADRELAY_PROFILE=" + given + " is not a profile: use sandbox or prod");
    }

    /** Where the HTTP server listens unless ADRELAY_BIND_ADDRESS says otherwise: the sandbox stays on this machine. */
    public String defaultBindAddress() {
        return this == SANDBOX ? "127.0.0.1" : "0.0.0.0";
    }

    /** The data dir unless ADRELAY_DATA_DIR says otherwise: the two profiles never share one. */
    public String defaultDataDir() {
        return this == SANDBOX ? "./data/sandbox" : "./data/prod";
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
