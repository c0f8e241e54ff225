package io.adrelay.bsa;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/** The BuySellAds flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class BsaBeans implements CamelConfiguration {

    @BindToRegistry(value = "bsaAuthorization", lazy = true)
    public BsaAuthorization bsaAuthorization(@PropertyInject("bsa.api-key") String apiKey) {
        return new BsaAuthorization(apiKey);
    }
}
