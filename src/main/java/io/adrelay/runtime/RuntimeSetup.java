package io.adrelay.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.adrelay.ops.JobRuns;
import io.adrelay.ops.ScheduledRunPolicy;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.model.Model;
import org.apache.camel.spi.MaskingFormatter;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.ConfigurationCheck;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.ExchangeLogContext;
import io.adrelay.common.config.FatalErrors;
import io.adrelay.common.config.NodeName;
import io.adrelay.common.config.Profile;
import io.adrelay.common.config.RequiredSecrets;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.config.SecretMaskingFormatter;
import io.adrelay.common.config.Settings;
import io.adrelay.common.egress.EgressAnswers;
import io.adrelay.common.database.AdvisoryLocks;
import io.adrelay.common.database.ClusteredQuartz;
import io.adrelay.common.database.Database;
import io.adrelay.common.database.DatabaseException;
import io.adrelay.common.database.DatabaseHealth;
import io.adrelay.common.database.DatabaseSettings;
import io.adrelay.common.database.QuartzNodesGone;
import io.adrelay.common.egress.EgressBudgets;
import io.adrelay.common.egress.PostgresRateBudgets;
import io.adrelay.common.egress.EgressResponse;
import io.adrelay.common.egress.EgressSteps;
import io.adrelay.common.egress.SideCall;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.egress.SentEffects;
import io.adrelay.common.inbox.FileEndpointDefaults;
import io.adrelay.common.inbox.InboxNames;
import io.adrelay.common.inbox.PostgresInboxReadLocks;
import io.adrelay.common.intake.BoundedCsvDataFormat;
import io.adrelay.common.intake.JsonBody;
import io.adrelay.common.intake.RefusedWebhookLog;
import io.adrelay.common.routes.ConsumerHealth;
import io.adrelay.common.routes.DeclaredJobs;
import io.adrelay.common.routes.GuardedRouteReloader;
import io.adrelay.common.routes.MadeRoutes;
import io.adrelay.common.routes.OverrideDirectory;
import io.adrelay.common.routes.RefusedFiles;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.routes.RouteFileCheck;
import io.adrelay.common.routes.RouteFiles;
import io.adrelay.common.routes.RouteSetCheck;
import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.common.storage.DataDirClaim;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.LeftoverTempFiles;
import io.adrelay.common.storage.StateStores;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.intake.DoneRequestRetention;
import io.adrelay.apisync.ApisyncBeans;
import io.adrelay.statlas.StatlasBeans;

/**
 * Runs before any route is built: picks the profile, takes the data dir, refuses a prod start
 * with a missing secret, registers secrets for masking, keeps only the routes of the enabled
 * flows, and binds the shared machinery every flow uses.
 */
@Configuration
public class RuntimeSetup implements CamelConfiguration {

    /** Set by the sandbox launcher once its simulators run, with their URLs and credentials. */
    public static final String SANDBOX_SIMULATORS = "adrelay.sandbox.simulators";

    /** Set by the sandbox launcher instead when its simulators could not start: why, to be said with the other problems. */
    public static final String SANDBOX_REFUSED = "adrelay.sandbox.refused";

    /**
     * Set by the offline check (java -jar adrelay.jar check): the route files are checked and loaded as at start, with
     * this scratch folder as the data dir, and nothing the check does not need is asked for (secrets, simulators, a
     * free port, the operator's data dir).
     */
    public static final String CHECK_SCRATCH_DIR = "adrelay.check.scratch-dir";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSetup.class);

    /** The webhooks' intake queues, whose done requests are forgotten in time. */
    static final List<String> INTAKE_QUEUES = List.of(StatlasBeans.EVENTS, ApisyncBeans.REQUESTS);

    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getRegistry().lookupByName("madeRoutes") != null) {
            // named in camel.main.configuration-classes and found again by a package scan: every service would be twice
            throw new IllegalStateException("RuntimeSetup configured twice on one context: is camel-main's package scan on"
                    + " (a Main with a main class, a @CamelMainTest with a mainClass)?");
        }
        Settings settings = new Settings(context);
        Profile profile = settings.profile();
        List<String> problems = new ArrayList<>();
        Set<String> flows = flows(settings, problems);
        boolean checkOnly = !settings.get(CHECK_SCRATCH_DIR).isEmpty();
        // before the data dir is set below: by default the override directory is in the operator's data dir
        Path routesDir = settings.routesDir();
        boolean routesInDataDir = settings.get("adrelay.routes.dir").isEmpty();
        Path dataDir = Path.of(checkOnly ? settings.get(CHECK_SCRATCH_DIR) : settings.dataDir()).toAbsolutePath().normalize();
        // routes read the data dir from this property: the profile's default when none is set
        context.getPropertiesComponent().addOverrideProperty("adrelay.data-dir", dataDir.toString());
        // before any problem is printed: a problem line may quote a setting
        RequiredSecrets.SECRET_KEYS.forEach(key -> SecretMasker.register(settings.get(key)));
        String node = NodeName.of(settings, profile, problems);
        if (node != null) {
            // the name the node is known by (its metrics, its rows), the host name's default made explicit
            context.getPropertiesComponent().addOverrideProperty(NodeName.KEY, node);
        }
        if (!checkOnly) {
            ConfigurationCheck.writable(dataDir, problems);
            if (problems.isEmpty()) {
                // a launcher may have taken it already, before it started anything on it; cluster nodes share it, one lock a name
                DataDirClaim.take(context, dataDir, profile, node, problems);
            }
            String sandboxRefused = settings.get(SANDBOX_REFUSED);
            if (!sandboxRefused.isEmpty()) {
                problems.add(sandboxRefused);
            } else if (problems.isEmpty() && profile == Profile.SANDBOX && settings.get(SANDBOX_SIMULATORS).isEmpty()) {
                // without its simulators the sandbox would call the real APIs' default URLs with no credentials
                problems.add("ADRELAY_PROFILE=sandbox needs its simulators, which the jar's launcher starts: run java -jar adrelay.jar "
                        + "(io.adrelay.Application alone is the runtime for prod)");
            }
            problems.addAll(new ConfigurationCheck(settings).problems(profile, flows, context.getPropertiesComponent().loadProperties()));
        }
        Database database = !checkOnly && profile == Profile.CLUSTER ? database(settings, problems) : null;
        // before the route files are checked: their inbox consumers name the bean
        inboxReadLocks(context, settings, database, node);
        // the declarations' files are named after it (snap.catalogs-file)
        context.getPropertiesComponent().addOverrideProperty("adrelay.routes.dir", routesDir.toString());
        if (!checkOnly && problems.isEmpty()) {
            OverrideDirectory.prepare(routesDir, routesInDataDir);
        }
        RouteFiles routeFiles = new RouteFiles(context, routesDir);
        List<Resource> routes = routeFiles.routes(problems);
        // what each file makes, and which template made each route: a file deleted or saved without a route takes it away,
        // a saved template remakes its routes (RouteSetCheck checks them all once every route is defined)
        MadeRoutes made = MadeRoutes.install(context);
        context.getRegistry().bind("madeRoutes", made);
        RouteFileCheck.Loaded loaded = null;
        if (problems.isEmpty()) {
            // before the route files are loaded: a route is prepared with the configurations there are when it is read,
            // and the files are read once, by the check, for camel-main too
            context.addRoutes(new RouteConfigurations());
            // the route files use those settings: checked once the settings are right, or their problems would show twice
            loaded = RouteFileCheck.load(context, routes, made);
            problems.addAll(loaded.problems());
        }
        if (!problems.isEmpty()) {
            if (database != null) {
                database.close();
            }
            throw new ConfigurationException(problems);
        }
        if (database != null) {
            clustered(context, settings, database, node);
        }
        routeFiles.bindRoutes(loaded.builders());
        // created on this context once camel-main has configured it (RouteSetCheck.atStart)
        context.getRegistry().bind("routeFileEndpoints", loaded.endpoints());
        context.getRegistry().bind("routeFiles", routeFiles);
        GuardedRouteReloader reloader = routeReloader(settings, routeFiles, made);
        if (reloader != null) {
            context.addService(reloader);
            context.getRegistry().bind("routesHealth", reloader.health());
        }
        // operator declarations that are not routes (Snap catalogs and campaigns): refused as saved, reported until fixed
        RefusedFiles declarations = new RefusedFiles("declarations", "refused declaration(s), the one before each stays in force");
        context.getRegistry().bind("refusedDeclarations", declarations);
        context.getRegistry().bind("declarationsHealth", declarations.health());

        // routes are named <api>-...: leave out those of the flows left out (an operator's own flow, say nightly-*, runs)
        Set<String> off = new TreeSet<>(Settings.ALL_FLOWS);
        off.removeAll(flows);
        if (!flows.contains("statlas")) {
            off.add("drive");
        }
        String exclude = off.isEmpty() ? null : off.stream().map(f -> f + "-*").collect(Collectors.joining(","));
        context.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilterPattern(null, exclude);

        DataDirectory data = new DataDirectory(dataDir);
        // beside the start, not before it (a walk of the whole dir): only files written before this JVM started
        context.addService(LeftoverTempFiles.ofThisJvm(data));
        context.getRegistry().bind("dataDirectory", data);
        DiskSpace disk = new DiskSpace(data.root(), settings.getLong("adrelay.data-dir.min-free-bytes"));
        context.getRegistry().bind("diskSpace", disk);
        context.getCamelContextExtension().registerEndpointCallback(new FileEndpointDefaults(disk));
        context.getRegistry().bind("jsonBody", new JsonBody(new JsonBody.Limits(settings.getInt("adrelay.webhook.max-depth"),
                settings.getInt("adrelay.webhook.max-string-chars"), settings.getInt("adrelay.webhook.max-number-digits"))));
        context.getRegistry().bind("inboxNames", new InboxNames(data.root().resolve("inbox")));
        context.getRegistry().bind(BoundedCsvDataFormat.NAME, new BoundedCsvDataFormat(settings.getLong("adrelay.csv.max-bytes")));

        context.getRegistry().bind("consumerHealth", new ConsumerHealth());
        context.getRegistry().bind(MaskingFormatter.CUSTOM_LOG_MASK_REF, new SecretMaskingFormatter());
        context.getRegistry().bind("egressSteps", new EgressSteps(disk));
        // the answer of a call made beside another (enrich), put aside for the route's next bean
        context.getRegistry().bind("sideCall", new SideCall());
        context.getRegistry().bind("egressBudgets", egressBudgets(settings, database, node));
        context.getRegistry().bind("egressResponse", new EgressResponse());
        context.getRegistry().bind("egressAnswers", new EgressAnswers());
        context.getRegistry().bind("declaredJobs", new DeclaredJobs(flows));
        FatalErrors fatal = new FatalErrors();
        fatal.watchThreads();
        context.getRegistry().bind("fatalErrors", fatal);
        context.getCamelContextExtension().addInterceptStrategy(fatal.interceptor());
        // a tracking id or a dead letter id of an exchange is a field of its log lines
        context.getCamelContextExtension().addInterceptStrategy(new ExchangeLogContext());
        RefusedWebhookLog refusedWebhooks = new RefusedWebhookLog(settings.getInt("adrelay.webhook.refused-lines.limit"),
                java.time.Clock.systemUTC());
        context.getRegistry().bind(RefusedWebhookLog.BEAN, refusedWebhooks);
        context.addService(refusedWebhooks);

        // every kind of state behind its seam; the flows find the stores here by name and never know which they got
        StateStores stores = stateStores(profile, data, settings, database, node);
        context.getRegistry().bind("intakeStores", stores.intake());
        context.getRegistry().bind("doneRequestRetention", new DoneRequestRetention(stores.intake(), INTAKE_QUEUES,
                settings.getInt("adrelay.intake.done-kept-days"), java.time.Clock.systemUTC()));
        // one piece of work on a thing at a time across the nodes (a Statlas batch's delivery, which every node polls)
        context.getRegistry().bind("clusterLocks", database != null ? new AdvisoryLocks(database.dataSource()) : ClusterLocks.NONE);
        context.getRegistry().bind("effectLedger", stores.effects());
        context.getRegistry().bind("documentStore", stores.documents());
        context.getRegistry().bind("referenceStore", stores.references());
        context.getRegistry().bind("sentEffects", new SentEffects(stores.callsInDoubt(),
                java.time.Duration.ofMillis(settings.getLong("adrelay.egress.check-after-ms"))));
        // in a cluster a letter names the node that wrote it (any node lists and replays it)
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(stores.deadLetters(), new DeadLetterCounter(context),
                profile == Profile.CLUSTER ? node : null));
        context.getRegistry().bind("retryPolicy", new RetryPolicy(
                settings.getInt("adrelay.retry.max-attempts"),
                settings.getLong("adrelay.retry.initial-delay-ms"),
                settings.getLong("adrelay.retry.max-delay-ms")));
        // every run of a job (over HTTP, by Quartz, the catch-up), its history kept in the job-run store
        JobRuns runs = JobRuns.create(context, stores.jobRuns());
        context.getRegistry().bind("jobRuns", runs);
        context.addRoutePolicyFactory(new ScheduledRunPolicy(runs));
        // readiness as a metric, and a dead-letter series per flow from the start (deploy/monitoring/ alerts on both)
        Set<String> apis = new TreeSet<>(flows);
        if (flows.contains("statlas")) {
            apis.add("drive");
        }
        context.getManagementStrategy().addEventNotifier(new OperatorMetrics(context, apis));
        if (!checkOnly) {
            LOG.info("adrelay: profile {}, flows {}, data in {}", profile.id(), flows, data.root());
        }
    }

    /**
     * The one place the state's implementation is chosen: files in the data dir (the embedded default), or the cluster's
     * PostgreSQL, shared by the nodes.
     */
    static StateStores stateStores(Profile profile, DataDirectory data, Settings settings, Database database, String node) {
        int runsKept = settings.getInt("adrelay.ops.runs.keep-per-job");
        if (profile == Profile.CLUSTER && database != null) {
            return ClusterStateStores.create(database.dataSource(), node,
                    new QuartzNodesGone(database.dataSource(), settings.getLong("adrelay.cluster.checkin-interval-ms")), runsKept);
        }
        return EmbeddedStateStores.create(data, settings.getInt("adrelay.idempotency.cache-size"), runsKept);
    }

    /**
     * The cluster profile's PostgreSQL, its pool open and its schema migrated; null with a problem when its settings
     * are missing, or it cannot be reached (one line, like every other setting).
     */
    private static Database database(Settings settings, List<String> problems) {
        DatabaseSettings db;
        try {
            db = DatabaseSettings.of(settings);
        } catch (RuntimeException notNumbers) {
            // the pool's bounds are not numbers: said by the configuration check
            return null;
        }
        List<String> missing = db.problems();
        if (!missing.isEmpty()) {
            problems.addAll(missing);
            return null;
        }
        try {
            return Database.open(db);
        } catch (DatabaseException unusable) {
            problems.add(unusable.getMessage());
            return null;
        }
    }

    /**
     * Each API's budget: counted in this JVM (the embedded default), or in the cluster's database for the sum of the
     * nodes, a 429's Retry-After (capped like a retry's delay) pausing every node.
     */
    private static EgressBudgets egressBudgets(Settings settings, Database database, String node) {
        if (database == null) {
            return new EgressBudgets();
        }
        return new EgressBudgets(new PostgresRateBudgets(database.dataSource(), node,
                java.time.Duration.ofMillis(settings.getLong("adrelay.cluster.budget-lease-ms")),
                java.time.Duration.ofMillis(settings.getLong("adrelay.retry.max-delay-ms"))));
    }

    /**
     * The inboxes' read lock (the inbox routes' readLock and readLockIdempotentRepository): the embedded default keeps
     * Camel's changed lock, which uses no repository (an empty one is bound for the name); in the cluster profile the
     * nodes share the inboxes, and the lock is also a row of the database, so one node takes each file.
     */
    private static void inboxReadLocks(CamelContext context, Settings settings, Database database, String node) throws Exception {
        if (database == null) {
            context.getRegistry().bind("inboxReadLocks", new MemoryIdempotentRepository());
            return;
        }
        context.getPropertiesComponent().addOverrideProperty("adrelay.inbox.read-lock", "idempotent-changed");
        PostgresInboxReadLocks locks = new PostgresInboxReadLocks(database.dataSource(), node,
                java.time.Duration.ofMillis(settings.getLong("adrelay.cluster.inbox-lock-lease-ms")));
        context.getRegistry().bind("inboxReadLocks", locks);
        context.addService(locks);
    }

    /** A cluster node: the pool closed last, the database in readiness, Quartz's jobs in the database. */
    private static void clustered(CamelContext context, Settings settings, Database database, String node) {
        context.addLifecycleStrategy(database);
        context.getRegistry().bind("database", database);
        context.getRegistry().bind("databaseHealth", new DatabaseHealth(database));
        ClusteredQuartz.configure(context, database.dataSource(), node, settings.getLong("adrelay.cluster.checkin-interval-ms"),
                settings.getLong("adrelay.cluster.misfire-threshold-ms"));
        LOG.info("Cluster profile: node {}, database {}, schedules in its Quartz job store (once across the nodes)", node,
                database.settings().shownUrl());
    }

    /** Live reload of the route files in the override directory, refusing a file that cannot be built. */
    private static GuardedRouteReloader routeReloader(Settings settings, RouteFiles routeFiles, MadeRoutes made) {
        if (!"true".equals(settings.get("adrelay.routes.reload"))) {
            return null;
        }
        return new GuardedRouteReloader(routeFiles, RouteFiles.ROUTES, made);
    }

    /** The flows to run; unknown names are problems, and the known ones are still checked. */
    private static Set<String> flows(Settings settings, List<String> problems) {
        try {
            return settings.flows();
        } catch (ConfigurationException unknown) {
            problems.addAll(unknown.problems());
            Set<String> known = new LinkedHashSet<>(settings.namedFlows());
            known.retainAll(Settings.ALL_FLOWS);
            return known;
        }
    }
}
