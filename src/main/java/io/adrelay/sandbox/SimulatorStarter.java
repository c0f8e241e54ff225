package io.adrelay.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.Profile;
import io.adrelay.common.config.Settings;
import io.adrelay.common.storage.DataDirClaim;
import io.adrelay.runtime.RuntimeSetup;

/**
 * In the sandbox profile, starts the simulators before the runtime configures itself and points
 * the runtime at them with override properties; in prod it does nothing. It takes the data dir
 * first, so a sandbox never starts (nor empties the dir) under a running adrelay. A configuration
 * the runtime will refuse starts nothing: the runtime reports it, with its other problems.
 */
public final class SimulatorStarter extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorStarter.class);

    private volatile Sandbox sandbox;

    /**
     * Camel-main hands the context to configurations only (its test harness gives listeners none);
     * one added here runs before the runtime's own, which camel.main.configuration-classes adds later.
     */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        main.configure().addConfiguration((ContextStep) this::start);
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        if (sandbox != null) {
            sandbox.printWelcome();
        }
    }

    /** A CamelConfiguration a lambda can be: no class of its own among the runtime's configurations. */
    @FunctionalInterface
    private interface ContextStep extends CamelConfiguration {
        @Override
        void configure(CamelContext context) throws Exception;
    }

    private void start(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Set<String> flows;
        try {
            if (settings.profile() != Profile.SANDBOX) {
                return;
            }
            flows = settings.flows();
        } catch (ConfigurationException refused) {
            return;
        }
        Path dataDir = Path.of(settings.dataDir()).toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        DataDirClaim.take(context, dataDir, Profile.SANDBOX, problems);
        if (!problems.isEmpty()) {
            return;
        }
        try {
            sandbox = Sandbox.start(flows, settings.getInt("adrelay.sandbox.port-base"),
                    "http://127.0.0.1:" + settings.get("adrelay.http-port"), dataDir);
        } catch (ConfigurationException portInUse) {
            // said by the runtime, with the rest of the configuration's problems
            context.getPropertiesComponent().addOverrideProperty(RuntimeSetup.SANDBOX_REFUSED, String.join("; ", portInUse.problems()));
            return;
        }
        sandbox.overrides().forEach(context.getPropertiesComponent()::addOverrideProperty);
        context.addService(sandbox);
        LOG.info("Sandbox profile: simulators of {} on loopback", flows);
    }
}
