package io.adrelay;

import org.apache.camel.main.Main;

/** Boots adrelay with camel-main: Java routes by package scan, YAML routes from routes/. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Application.class);
        // the packaged application.properties holds the defaults; one beside the jar overrides them
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties;optional=true,file:application.properties;optional=true");
        System.exit(main.run(args));
    }
}
