package io.adrelay.statlas;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/** The Statlas flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class StatlasBeans implements CamelConfiguration {

    @BindToRegistry(value = "statlasAuthorization", lazy = true)
    public StatlasAuthorization statlasAuthorization(@PropertyInject("statlas.api-key") String apiKey) {
        return new StatlasAuthorization(apiKey);
    }
}
