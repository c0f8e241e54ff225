package io.adrelay.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.adrelay.sandbox.apisync.ApisyncSimulator;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.ConfigurationException;
import io.adrelay.common.config.MaskingMessageConverter;
import io.adrelay.runtime.RuntimeSetup;

/**
 * The sandbox profile's outside world: one simulator per enabled API on loopback, seeded with
 * demo data, and the properties that point adrelay at them (base URLs and throwaway secrets).
 * Runs beside the CamelContext, not in it; stopped with it.
 */
public final class Sandbox extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final List<Simulator> simulators = new ArrayList<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private volatile boolean stopped;
    private boolean demoFeedDropped;
    /** Where adrelay itself answers, for the welcome's examples. */
    private final String adrelayUrl;

    private Sandbox(String adrelayUrl) {
        this.adrelayUrl = adrelayUrl;
    }

    /** Simulators listen on portBase + 1 (BuySellAds), + 2 (APISync), + 3 (Statlas), + 4 (Drive), + 5 (Snap); 0 means random ports. */
    public static Sandbox start(Set<String> flows, int portBase, String adrelayUrl, Path dataDir) {
        Sandbox sandbox = new Sandbox(adrelayUrl);
        sandbox.overrides.put(RuntimeSetup.SANDBOX_SIMULATORS, String.join(",", flows));
        if (flows.contains("bsa")) {
            String key = secret("bsa");
            BsaSimulator bsa = sandbox.add(new BsaSimulator(key, LocalDate.now()), portBase, 1);
            sandbox.overrides.put("bsa.base-url", bsa.baseUrl());
            sandbox.overrides.put("bsa.api-key", key);
        }
        if (flows.contains("apisync")) {
            // fixed, documented sandbox credentials, so the README's examples work as written
            ApisyncSimulator apisync = sandbox.add(new ApisyncSimulator("sandbox-apisync-token"), portBase, 2);
            sandbox.overrides.put("apisync.base-url", apisync.baseUrl());
            sandbox.overrides.put("apisync.api-token", "sandbox-apisync-token");
            sandbox.overrides.put("apisync.webhook-secret", "sandbox-apisync-secret");
        }
        if (flows.contains("statlas")) {
            StatlasSimulator statlas = sandbox.add(new StatlasSimulator("sandbox-statlas-key"), portBase, 3);
            sandbox.overrides.put("statlas.base-url", statlas.baseUrl());
            sandbox.overrides.put("statlas.api-key", "sandbox-statlas-key");
            sandbox.overrides.put("statlas.webhook-secret", "sandbox-statlas-secret");
            // a Drive backed by data/sandbox-drive/: drop files in <batch_code>/<ad_code>/ and watch them get delivered
            DriveSimulator drive = sandbox.add(new DriveSimulator(dataDir.resolve("sandbox-drive"), "sandbox-drive-token"), portBase, 4);
            sandbox.overrides.put("google.drive-root-url", drive.baseUrl() + "/");
            sandbox.overrides.put("google.drive-access-token", "sandbox-drive-token");
            sandbox.overrides.put("statlas.drive-folder-id", DriveSimulator.ROOT_ID);
            // a person is watching: look at the folders every 5 s rather than 30
            sandbox.overrides.put("statlas.drive.poll-period", "5000");
            sandbox.announceSeededBatches(statlas, adrelayUrl + "/webhooks/statlas?token=sandbox-statlas-secret", drive);
        }
        if (flows.contains("snap")) {
            SnapSimulator snap = sandbox.add(new SnapSimulator("sandbox-snap-client", "sandbox-snap-secret", "sandbox-snap-refresh"),
                    portBase, 5);
            sandbox.overrides.put("snap.base-url", snap.apiUrl());
            sandbox.overrides.put("snap.token-url", snap.tokenUrl());
            sandbox.overrides.put("snap.client-id", "sandbox-snap-client");
            sandbox.overrides.put("snap.client-secret", "sandbox-snap-secret");
            sandbox.overrides.put("snap.refresh-token", "sandbox-snap-refresh");
            // the sandbox Snap fetches feeds from this very process; a dropped feed is offered within a minute
            sandbox.overrides.put("adrelay.public-url", adrelayUrl);
            sandbox.overrides.put("snap.feed.cron", "0 * * * * ?");
            // and the demo DPA campaign gets its creatives and ads half a minute after the products arrive
            sandbox.overrides.put("snap.campaigns.cron", "30 * * * * ?");
            sandbox.overrides.put("snap.upload.poll-initial-ms", "500");
            sandbox.demoFeedDropped = dropDemoFeed(dataDir);
        }
        sandbox.simulators.forEach(s -> LOG.info("Sandbox {} at {}", s.getClass().getSimpleName(), s.baseUrl()));
        return sandbox;
    }

    /** A fresh data dir gets the demo products once; a failure to write them leaves the sandbox running without them. */
    private static boolean dropDemoFeed(Path dataDir) {
        try {
            return SandboxDemoFeed.dropInto(dataDir);
        } catch (IOException e) {
            LOG.warn("Sandbox could not drop the demo feed into {}: {}", dataDir.resolve("inbox/snap/demo"), e.getMessage());
            return false;
        }
    }

    /**
     * Once adrelay runs, what a newcomer needs to try it: the sandbox's own credentials are documented, not secrets.
     * Not before: a start its configuration refuses would say "ready to try" and then "Cannot start".
     */
    void printWelcome() {
        StringBuilder text = new StringBuilder("Sandbox ready to try (sandbox-only credentials):\n");
        text.append("  curl -s ").append(adrelayUrl).append("/observe/health\n");
        text.append("  curl -s ").append(adrelayUrl).append("/ops/jobs\n");
        if (overrides.containsKey("apisync.webhook-secret")) {
            text.append("  curl -s -H 'X-Webhook-Token: ").append(overrides.get("apisync.webhook-secret")).append("' ").append(adrelayUrl)
                    .append("/webhooks/apisync/campaigns -d '{\"reference_id\": \"xmas\", \"service\": \"facebook-ads\",")
                    .append(" \"state\": \"active\", \"ad_account\": {\"id\": \"act_1001\"}}'\n");
            text.append("  curl -s -H 'Authorization: ApiToken ").append(overrides.get("apisync.api-token")).append("' ")
                    .append(overrides.get("apisync.base-url")).append("/campaigns   (the sandbox APISync)\n");
        }
        if (overrides.containsKey("statlas.webhook-secret")) {
            text.append("  Statlas webhook secret: ").append(overrides.get("statlas.webhook-secret"))
                    .append("; the sandbox Drive is a folder: ").append(overrides.get("google.drive-root-url")).append(" backs ")
                    .append("<data dir>/sandbox-drive/\n");
        }
        if (overrides.containsKey("bsa.api-key")) {
            text.append("  BuySellAds sandbox key (this run): ").append(overrides.get("bsa.api-key")).append("\n");
        }
        if (overrides.containsKey("snap.client-id")) {
            text.append("  Snap demo products: ").append(demoFeedDropped ? "dropped into <data dir>/inbox/snap/demo/" + SandboxDemoFeed.FILE_NAME
                    + " (first start); uploaded within a minute, they fill the demo catalog's product sets" : "not dropped (the data dir has a demo feed)")
                    .append("\n");
            text.append("  curl -s -X POST \"").append(adrelayUrl).append("/ops/jobs/snap-upload-feed-demo/run?wait=true\"   (after dropping a feed into <data dir>/inbox/snap/demo/)\n");
            text.append("  curl -s \"").append(adrelayUrl).append("/ops/snap/product-sets/demo/In%20stock/preview\"   (the demo DPA campaign:")
                    .append(" <data dir>/state/snap/campaigns.json)\n");
        }
        LOG.info(MaskingMessageConverter.NOT_SECRET, text.toString().stripTrailing());
    }

    /** Like Statlas would: once adrelay answers, send batch.created for the seeded batches. */
    private void announceSeededBatches(StatlasSimulator statlas, String webhookUrl, DriveSimulator drive) {
        Thread announcer = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create(webhookUrl.substring(0, webhookUrl.indexOf("/webhooks")) + "/observe/health");
            for (int attempt = 0; attempt < 120 && !stopped; attempt++) {
                try {
                    if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        for (String batch : statlas.seededBatchIds()) {
                            LOG.info("Sandbox Statlas sends batch.created for {}: HTTP {}", batch, statlas.sendBatchCreated(webhookUrl, batch));
                        }
                        // the demo designer finishes the first batch; the others are left for a person to fill
                        SandboxDesigner.fill(drive.root(), statlas.batch(statlas.seededBatchIds().get(0)), () -> stopped);
                        return;
                    }
                    TimeUnit.SECONDS.sleep(1);
                } catch (IOException notYet) {
                    LOG.debug("adrelay not answering yet: {}", notYet.getMessage());
                    pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "sandbox-statlas-webhooks");
        announcer.setDaemon(true);
        announcer.start();
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running simulator of that kind (a test injects faults into it), if its flow is enabled. */
    public <T extends Simulator> Optional<T> simulator(Class<T> type) {
        return simulators.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Properties that point the routes at the simulators. */
    public Map<String, String> overrides() {
        return overrides;
    }

    private <T extends Simulator> T add(T simulator, int portBase, int offset) {
        int port = portBase == 0 ? 0 : portBase + offset;
        try {
            simulator.start(port);
        } catch (UncheckedIOException inUse) {
            doStop();
            throw new ConfigurationException("the sandbox's " + simulator.getClass().getSimpleName() + " cannot listen on port " + port
                    + " (" + inUse.getCause().getMessage() + "): is another sandbox running? Stop it, or set ADRELAY_SANDBOX_PORT_BASE"
                    + " (0 for any free ports)");
        }
        simulators.add(simulator);
        return simulator;
    }

    /** A fresh secret per run: the sandbox has no real credentials, and none is ever defaulted. */
    private static String secret(String api) {
        return "sandbox-" + api + "-" + UUID.randomUUID();
    }

    @Override
    protected void doStop() {
        stopped = true;
        simulators.forEach(Simulator::close);
        simulators.clear();
    }
}
