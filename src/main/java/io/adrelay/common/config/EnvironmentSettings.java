package io.adrelay.common.config;

import java.util.Properties;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * One rule for every key of application.properties: the environment variable named by {@link Settings#envName}
 * (bsa.report.cron is BSA_REPORT_CRON, camel.component.http.so-timeout is CAMEL_COMPONENT_HTTP_SO_TIMEOUT) sets it.
 * Camel's properties component applies that rule to the keys adrelay reads, but camel-main binds its own camel.* keys
 * from the files and maps CAMEL_* variables by turning every underscore into a dot, so a key with a dash could not be
 * reached: each such variable is handed to camel-main as an override before it configures anything. A -D system
 * property of the key still wins, as it does for adrelay's keys.
 */
public final class EnvironmentSettings extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        apply(main.getCamelContext().getPropertiesComponent());
    }

    /** Hands each variable that sets a key of the properties' files to the properties component, as an override. */
    public static void apply(PropertiesComponent properties) {
        Properties keys = properties.loadProperties();
        for (String key : keys.stringPropertyNames()) {
            String value = System.getenv(Settings.envName(key));
            if (value != null && System.getProperty(key) == null) {
                // on the properties component itself: main's own override list is not handed to it once it is configured
                properties.addOverrideProperty(key, value);
            }
        }
    }
}
