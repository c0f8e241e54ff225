package io.adrelay.snap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.camel.Exchange;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.ApiError;
import io.adrelay.common.egress.EgressResponse;
import io.adrelay.common.intake.WebhookResponses;

/**
 * Reads a Snap answer (bean snapResponse of the Snap egress routes). A batch request whose items all
 * failed comes back as 400 with the items' own reasons: that is an answer to read item by item, not
 * a failure of the call. A 401 with a refreshable token gets one new token: the call fails as retryable
 * once, and the caller's retry sends it with the new token. Anything else is classified like every API's response.
 */
public class SnapResponse extends EgressResponse {

    /** Exchange property: this exchange's call was refused once for its token, which was renewed. */
    private static final String TOKEN_RENEWED = "AdrelaySnapTokenRenewed";

    private final SnapAccessTokens tokens;

    /** 502 to an ops request whose Snap call failed after its retries, with Snap's own error. */
    public static void unanswered(Exchange exchange, String what) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiCallException snap = ApiCallException.in(failure);
        WebhookResponses.reply(exchange, 502, java.util.Map.of("error", "Snap did not answer " + what + ": "
                + (snap == null ? String.valueOf(failure == null ? null : failure.getMessage()) : snap.error().summary())));
    }

    public SnapResponse(SnapAccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void check(Exchange exchange, String api) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 401 && tokens.refreshable() && exchange.getProperty(TOKEN_RENEWED) == null) {
            tokens.invalidate();
            exchange.setProperty(TOKEN_RENEWED, true);
            byte[] body = exchange.getIn().getBody(byte[].class);
            throw new ApiCallException(api, ApiError.parse(status, body == null ? "" : new String(body, StandardCharsets.UTF_8)),
                    true, Duration.ZERO);
        }
        if (status >= 200 && status < 300) {
            exchange.removeProperty(TOKEN_RENEWED);
        }
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
