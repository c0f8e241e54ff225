package io.adrelay.common.egress;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

/**
 * After an egress route's HTTP call (made with throwExceptionOnFailure=false): classify the
 * response, throw the API's error for anything but 2xx, keep the body as bytes (bean "egressResponse").
 */
public class EgressResponse {

    /** Exchange property: the status of the last successful call (201 created, 200 updated, ...). */
    public static final String STATUS = "AdrelayHttpStatus";

    public void check(Exchange exchange, String api) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        ResponseClassifier.check(api, status, exchange.getIn().getHeader("Retry-After", String.class),
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
        exchange.setProperty(STATUS, status);
        exchange.getIn().setBody(body == null ? new byte[0] : body);
    }
}
