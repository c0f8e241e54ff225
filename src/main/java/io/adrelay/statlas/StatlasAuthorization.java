package io.adrelay.statlas;

import org.apache.camel.Exchange;

/** Statlas's auth and media type on every call (the egress routes call it as bean statlasAuthorization). */
public class StatlasAuthorization {

    private final String apiKey;

    public StatlasAuthorization(String apiKey) {
        this.apiKey = apiKey;
    }

    /** GET, POST and PATCH: JSON both ways. */
    public void json(Exchange e) {
        upload(e);
        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** A file upload: the multipart body brings its own content type. */
    public void upload(Exchange e) {
        e.getIn().setHeader("Authorization", "Bearer " + apiKey);
        e.getIn().setHeader("Accept", "application/json");
    }
}
