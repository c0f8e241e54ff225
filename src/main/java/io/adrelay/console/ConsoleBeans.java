package io.adrelay.console;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The bean behind /console, bound once. */
@Configuration
public class ConsoleBeans implements CamelConfiguration {

    @BindToRegistry(value = "consoleFiles", lazy = true)
    public ConsoleFiles consoleFiles() {
        return new ConsoleFiles();
    }
}
