package io.adrelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Properties;

import io.adrelay.common.config.NodeName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Which registry a node's meters go to, by profile (NodeMetricsIT scrapes a whole cluster node). */
class NodeMeterRegistryTest {

    private static CamelContext context(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(props);
        new NodeMeterRegistry().setCamelContext(context);
        return context;
    }

    private static Object bound(CamelContext context) {
        return context.getRegistry().lookupByName(MicrometerConstants.METRICS_REGISTRY_NAME);
    }

    @Test
    void aClusterNodesMetersAreLabelledWithItsNameFromTheFirstOn() {
        MeterRegistry registry = assertInstanceOf(PrometheusMeterRegistry.class,
                bound(context("adrelay.profile", "cluster", NodeName.KEY, "adrelay-5d8f-x2kqp")));
        // a meter made at once, as camel-main's JVM binders are
        registry.gauge("jvm.threads.live", 7);
        assertEquals("adrelay-5d8f-x2kqp", registry.get("jvm.threads.live").gauge().getId().getTag(NodeMeterRegistry.LABEL));
    }

    @Test
    void theEmbeddedProfilesKeepCamelsOwnRegistry() {
        for (String profile : new String[] {"sandbox", "prod"}) {
            assertNull(bound(context("adrelay.profile", profile, NodeName.KEY, "n1")), profile + ": camel-main makes it, unlabelled");
        }
        // a profile or a name that is not one refuses the start elsewhere: nothing bound here
        assertNull(bound(context("adrelay.profile", "clutser")));
        assertNull(bound(context("adrelay.profile", "cluster", NodeName.KEY, "node 1")));
    }

    @Test
    void aRegistryBoundAlreadyIsKept() {
        DefaultCamelContext context = new DefaultCamelContext();
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, own);
        context.getPropertiesComponent().setInitialProperties(new Properties());
        new NodeMeterRegistry().setCamelContext(context);
        assertSame(own, bound(context));
    }
}
