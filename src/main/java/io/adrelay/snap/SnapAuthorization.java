package io.adrelay.snap;

import org.apache.camel.Exchange;

/**
 * Auth of the Snap egress routes (bean snapAuthorization): the token endpoint takes a form, the API a bearer token
 * (the one route snap-egress-credentials made sure of, property AdrelaySnapToken).
 */
public class SnapAuthorization {

    public void token(Exchange e) {
        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
    }

    public void call(Exchange e) {
        Object token = e.removeProperty(SnapAccessTokens.TOKEN);
        if (token == null) {
            throw new IllegalStateException("no Snap token for this call: route snap-egress-credentials sets it");
        }
        e.getIn().setHeader("Authorization", "Bearer " + token);
        if (e.getIn().getBody() != null) {
            e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
    }
}
