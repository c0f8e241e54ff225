package io.adrelay.snap;

import java.time.Clock;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;

/** The Snap flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class SnapBeans implements CamelConfiguration {

    @BindToRegistry(value = "snapAccessTokens", lazy = true)
    public SnapAccessTokens snapAccessTokens(ProducerTemplate template, @PropertyInject("snap.access-token") String accessToken,
                                             @PropertyInject("snap.client-id") String clientId,
                                             @PropertyInject("snap.client-secret") String clientSecret,
                                             @PropertyInject("snap.refresh-token") String refreshToken) {
        return new SnapAccessTokens(template, accessToken, clientId, clientSecret, refreshToken, Clock.systemUTC());
    }

    @BindToRegistry(value = "snapAuthorization", lazy = true)
    public SnapAuthorization snapAuthorization(SnapAccessTokens tokens) {
        return new SnapAuthorization(tokens);
    }

    @BindToRegistry(value = "snapResponse", lazy = true)
    public SnapResponse snapResponse() {
        return new SnapResponse();
    }
}
