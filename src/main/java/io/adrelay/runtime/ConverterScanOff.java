package io.adrelay.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * camel-main's package scan of io.adrelay finds the configurations, their beans and the Java routes. Once it is done, the
 * base package is cleared: else, as the context starts, Camel scans it once more for {@code @Converter} classes, which
 * loads every class of the package and reads the whole runnable jar again (a second or more of every start), and adrelay
 * has none (ArchitectureTest keeps it so). Named in camel.main.main-listener-classes.
 */
public final class ConverterScanOff extends MainListenerSupport implements CamelContextAware {

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
    public void afterConfigure(BaseMainSupport main) {
        context.getCamelContextExtension().setBasePackageScan(null);
    }
}
