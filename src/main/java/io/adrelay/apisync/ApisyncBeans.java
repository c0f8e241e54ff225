package io.adrelay.apisync;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/** The APISync flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class ApisyncBeans implements CamelConfiguration {

    @BindToRegistry(value = "apisyncAuthorization", lazy = true)
    public ApisyncAuthorization apisyncAuthorization(@PropertyInject("apisync.api-token") String apiToken) {
        return new ApisyncAuthorization(apiToken);
    }
}
