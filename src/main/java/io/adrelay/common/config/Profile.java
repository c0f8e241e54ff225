package io.adrelay.common.config;

import java.util.Locale;

/**
 * ADRELAY_PROFILE: exactly sandbox (local simulators), prod (the real APIs) or cluster (the real APIs, several nodes
 * on one PostgreSQL); a typo is never taken for any of them.
 */
public enum Profile {
    SANDBOX, PROD, CLUSTER;

    public static Profile of(String value) {
        String given = value == null ? "" : value.trim();
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(given)) {
                return profile;
            }
        }
        throw new ConfigurationException("ADRELAY_PROFILE=" + given + " is not a profile: use sandbox, prod or cluster");
    }

    /** prod and cluster call the real APIs: they need every secret of their flows, and hold real data. */
    public boolean realApis() {
        return this != SANDBOX;
    }

    /** Where the HTTP server listens unless ADRELAY_BIND_ADDRESS says otherwise: the sandbox stays on this machine. */
    public String defaultBindAddress() {
        return this == SANDBOX ? "127.0.0.1" : "0.0.0.0";
    }

    /** The data dir unless ADRELAY_DATA_DIR says otherwise: the sandbox and the real APIs never share one. */
    public String defaultDataDir() {
        return this == SANDBOX ? "./data/sandbox" : "./data/prod";
    }

    /**
     * Whose data a data dir holds: the sandbox's demo data, or real data. A cluster node keeps its per-node state
     * where a prod node keeps it, so a prod data dir carries over to the cluster profile and back.
     */
    public String dataOwner() {
        return realApis() ? PROD.id() : SANDBOX.id();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
