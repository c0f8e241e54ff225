package io.adrelay.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * No package scan of io.adrelay: application.properties names the Java routes and the configurations
 * (camel.main.routes-builder-classes, camel.main.configuration-classes). In the runnable jar the scan inflates the whole
 * 40 MB jar entry by entry, once for the configurations, once for their beans, once for the routes and once more for
 * type converters as the context starts (seconds of every start). camel-main sets the base package of its main class,
 * and of a test's (@CamelMainTest mainClass), before camel.main.base-package-scan-enabled is read: cleared here, before
 * anything scans it (else the configurations would be added twice, RuntimeSetup refuses that). Named in
 * camel.main.main-listener-classes; the context comes by injection (camel-main's test harness hands listeners none).
 */
public final class PackageScanOff extends MainListenerSupport implements CamelContextAware {

    private CamelContext context;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        main.configure().setBasePackageScanEnabled(false);
        context.getCamelContextExtension().setBasePackageScan(null);
    }
}
