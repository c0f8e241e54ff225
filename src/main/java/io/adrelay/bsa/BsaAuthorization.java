package io.adrelay.bsa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import io.adrelay.common.config.SecretMasker;

/**
 * The BuySellAds request of one report and day (bean bsaAuthorization of its egress route): the key
 * travels in the query, never in an endpoint URI, so it is masked wherever a request is written. It is
 * URL-encoded there: a key with + / = &amp; or % reaches BuySellAds as it is (SecretMasker masks both forms).
 */
public class BsaAuthorization {

    private final String apiKey;

    public BsaAuthorization(String apiKey) {
        this.apiKey = URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
    }

    public void authorize(Exchange e) {
        String day = e.getIn().getHeader(BsaNames.DATE, String.class);
        e.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        e.getIn().setHeader(Exchange.HTTP_PATH, "/" + e.getIn().getHeader(BsaNames.REPORT, String.class));
        e.getIn().setHeader(Exchange.HTTP_QUERY, "key=" + apiKey + "&startDate=" + day + "&endDate=" + day + "&type=csv");
        e.getIn().setBody(null);
    }
}
