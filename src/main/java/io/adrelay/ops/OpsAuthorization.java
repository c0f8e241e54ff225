package io.adrelay.ops;

import org.apache.camel.Exchange;

/** The ops token on every /ops/* request (bean opsAuthorization): open in the sandbox when no token is set. */
public class OpsAuthorization {

    private final boolean sandbox;
    private final String opsToken;

    public OpsAuthorization(boolean sandbox, String opsToken) {
        this.sandbox = sandbox;
        this.opsToken = opsToken;
    }

    public void authorise(Exchange exchange) {
        OpsRequests.authorise(sandbox, opsToken, exchange.getIn().getHeader("Authorization", String.class));
    }
}
