package io.adrelay.apisync;

import org.apache.camel.Exchange;

/** APISync's token and JSON:API media type on every call (bean apisyncAuthorization of its egress routes). */
public class ApisyncAuthorization {

    private static final String MEDIA_TYPE = "application/vnd.api+json";

    private final String apiToken;

    public ApisyncAuthorization(String apiToken) {
        this.apiToken = apiToken;
    }

    public void authorize(Exchange e) {
        e.getIn().setHeader("Authorization", "ApiToken " + apiToken);
        e.getIn().setHeader("Accept", MEDIA_TYPE);
        e.getIn().setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
    }
}
