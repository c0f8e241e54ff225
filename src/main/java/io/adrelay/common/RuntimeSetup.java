package io.adrelay.common;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import io.adrelay.sandbox.Sandbox;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import io.adrelay.ops.JobOutcomes;
import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before any route is built: picks the profile (starting the simulators in sandbox),
 * refuses a prod start with a missing secret, registers secrets for masking, keeps only the
 * routes of the enabled flows, and binds the shared machinery every flow uses.
 */
@Configuration
public class RuntimeSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSetup.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Set<String> flows = settings.flows();
        if (settings.sandbox()) {
            Sandbox sandbox = Sandbox.start(flows, settings.getInt("adrelay.sandbox.port-base", 18100),
                    "http://127.0.0.1:" + settings.get("adrelay.http-port"), Path.of(settings.get("adrelay.data-dir")));
            sandbox.overrides().forEach((k, v) -> context.getPropertiesComponent().addOverrideProperty(k, v));
            context.addService(sandbox);
            LOG.info("Sandbox profile: simulators of {} on loopback", flows);
        } else {
            String missing = RequiredSecrets.firstMissing(settings, flows);
            if (missing != null) {
                throw new MissingSettingException("Cannot start in prod: set " + missing);
            }
        }
        RequiredSecrets.SECRET_KEYS.forEach(key -> SecretMasker.register(settings.get(key)));

        // routes are named <api>-...: keep the shared ones and those of the enabled flows
        String include = "adrelay-*,ops-*,observe-*," + flows.stream().map(f -> f + "-*").collect(Collectors.joining(","));
        if (flows.contains("statlas")) {
            include += ",drive-*";
        }
        context.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilterPattern(include, null);

        DataDirectory data = new DataDirectory(Path.of(settings.get("adrelay.data-dir")));
        int leftovers = data.removeLeftoverTempFiles();
        if (leftovers > 0) {
            LOG.info("Removed {} temp file(s) of writes interrupted by the last stop", leftovers);
        }
        context.getRegistry().bind("dataDirectory", data);
        DiskSpace disk = new DiskSpace(data.root(), settings.getLong("adrelay.data-dir.min-free-bytes", 64L << 20));
        context.getRegistry().bind("diskSpace", disk);
        context.getCamelContextExtension().registerEndpointCallback(new FileEndpointDefaults(disk));
        context.getRegistry().bind("jsonBody", new JsonBody(new JsonBody.Limits(settings.getInt("adrelay.webhook.max-depth", 32),
                settings.getInt("adrelay.webhook.max-string-chars", 65_536), settings.getInt("adrelay.webhook.max-number-digits", 100))));
        context.getRegistry().bind("inboxNames", new InboxNames(data.root().resolve("inbox")));

        context.getRegistry().bind("consumerHealth", new ConsumerHealth());
        FatalErrors fatal = new FatalErrors();
        fatal.watchThreads();
        context.getRegistry().bind("fatalErrors", fatal);
        context.getManagementStrategy().addEventNotifier(fatal.exchangeWatcher());
        context.getCamelContextExtension().addInterceptStrategy(fatal.stepWatcher());

        context.getRegistry().bind("idempotency", new IdempotencyStore(
                data.state("idempotency"), settings.getInt("adrelay.idempotency.cache-size", 100_000)));
        context.getRegistry().bind("deadLetters", new DeadLetterStore(data.deadLetters(), new DeadLetterCounter(context)));
        context.getRegistry().bind("retryPolicy", new RetryPolicy(
                settings.getInt("adrelay.retry.max-attempts", 5),
                settings.getLong("adrelay.retry.initial-delay-ms", 500),
                settings.getLong("adrelay.retry.max-delay-ms", 60_000)));
        JobOutcomes outcomes = new JobOutcomes();
        context.getRegistry().bind("jobOutcomes", outcomes);
        context.getManagementStrategy().addEventNotifier(outcomes);
        LOG.info("adrelay: profile {}, flows {}, data in {}", settings.sandbox() ? "sandbox" : "prod", flows, data.root());
    }
}
