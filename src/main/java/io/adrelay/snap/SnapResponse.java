package io.adrelay.snap;

import java.nio.charset.StandardCharsets;

import io.adrelay.common.EgressResponse;
import org.apache.camel.Exchange;

/**
 * Reads a Snap answer (bean snapResponse of the Snap egress routes). A batch request whose items all
 * failed comes back as 400 with the items' own reasons: that is an answer to read item by item, not
 * a failure of the call. Anything else is classified like every API's response.
 */
public class SnapResponse extends EgressResponse {

    @Override
    public void check(Exchange exchange, String api) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 400) {
            byte[] body = exchange.getIn().getBody(byte[].class);
            if (body != null && new String(body, StandardCharsets.UTF_8).contains("\"sub_request_status\"")) {
                exchange.setProperty(EgressResponse.STATUS, status);
                exchange.getIn().setBody(body);
                return;
            }
        }
        super.check(exchange, api);
    }
}
