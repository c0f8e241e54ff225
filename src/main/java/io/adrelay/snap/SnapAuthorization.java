package io.adrelay.snap;

import org.apache.camel.Exchange;

/** Auth of the Snap egress routes (bean snapAuthorization): the token endpoint takes a form, the API a bearer token. */
public class SnapAuthorization {

    private final SnapAccessTokens tokens;

    public SnapAuthorization(SnapAccessTokens tokens) {
        this.tokens = tokens;
    }

    public void token(Exchange e) {
        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
    }

    public void call(Exchange e) {
        e.getIn().setHeader("Authorization", "Bearer " + tokens.current());
        if (e.getIn().getBody() != null) {
            e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
    }
}
