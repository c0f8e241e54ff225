package io.adrelay.runtime;

import java.util.ArrayList;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.MainListenerSupport;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.NodeName;
import io.adrelay.common.config.Profile;
import io.adrelay.common.config.Settings;

/**
 * In the cluster profile, the registry of /observe/metrics with {@code node="<ADRELAY_NODE_NAME>"} on every meter, so the
 * nodes' series stay apart once Prometheus gathers them. A common tag must be there before the first meter: camel-main's
 * metrics service binds the JVM's meters (camel.metrics.binders) as soon as it is configured, before adrelay's setup
 * runs, into the registry it finds bound as {@code metricsRegistry}, or one it makes. camel-main makes the listeners of
 * camel.main.main-listener-classes just before that, so this one binds the registry then. The embedded profiles keep
 * the registry camel-main makes, unlabelled: one process, which the scrape's {@code instance} already names.
 */
public final class NodeMeterRegistry extends MainListenerSupport implements CamelContextAware {

    /** The label every meter of a cluster node carries. */
    public static final String LABEL = "node";

    private CamelContext context;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
        if (context.getRegistry().lookupByName(MicrometerConstants.METRICS_REGISTRY_NAME) != null) {
            return;
        }
        Settings settings = new Settings(context);
        Profile profile;
        try {
            profile = settings.profile();
        } catch (ConfigurationException notAProfile) {
            // refused at start, with the rest of the configuration
            return;
        }
        if (profile != Profile.CLUSTER) {
            return;
        }
        // a name that is not one refuses the start (RuntimeSetup says why); no registry is needed for that
        String node = NodeName.of(settings, profile, new ArrayList<>());
        if (node == null) {
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(LABEL, node);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
