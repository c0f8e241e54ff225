package io.adrelay.snap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.DeclaredJobs;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.RouteFiles;
import io.adrelay.common.Settings;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;

/**
 * Snap catalogs and feed uploads: provisioning of the operator's declaration (at start and when
 * the file changes), the feed upload behind each feed's schedule (routes/snap-upload-feed.camel.yaml),
 * catalog diagnostics (routes/snap-check-catalog.camel.yaml), and the egress routes to Snap.
 */
public class SnapRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        ProducerTemplate template = getContext().getRegistry().findSingleByType(ProducerTemplate.class);
        SnapAccessTokens tokens = getContext().getRegistry().lookupByNameAndType("snapAccessTokens", SnapAccessTokens.class);
        SnapApi api = new SnapApi(template, tokens);
        Path declarationFile = Path.of(settings.get("snap.catalogs-file")).toAbsolutePath().normalize();
        Resource packaged = getContext().getRegistry().findSingleByType(RouteFiles.class).packaged(declarationFile.getFileName().toString());
        SnapCatalogs catalogs = new SnapCatalogs(declarationFile, packaged, new SnapCatalogState(data.state("snap").resolve("catalogs.json")));
        SnapProvisioning provisioning = new SnapProvisioning(api, catalogs.state());
        getContext().getRegistry().findSingleByType(DeclaredJobs.class).expect("snap", () -> catalogs.declaration().catalogs().stream()
                .flatMap(catalog -> catalog.feeds().stream()).map(feed -> "snap-upload-feed-" + feed.key()).toList());
        SnapFeedUploads uploads = new SnapFeedUploads(api, catalogs, data, new SnapFeedUploads.Settings(
                settings.get("adrelay.public-url"), settings.get("adrelay.feeds.username"), settings.get("adrelay.feeds.password"),
                settings.getLong("snap.upload.poll-initial-ms", 2000), settings.getLong("snap.upload.poll-max-ms", 60_000),
                settings.getLong("snap.upload.timeout-ms", 7_200_000)), getContext());
        SnapDiagnostics diagnostics = new SnapDiagnostics(api, catalogs, data,
                List.of(settings.get("snap.diagnostics.facets").split("\\s*,\\s*")), settings.getInt("snap.diagnostics.limit", 50),
                ZoneId.of(settings.get("snap.diagnostics.time-zone").isEmpty() ? "UTC" : settings.get("snap.diagnostics.time-zone")));

        // the declaration is provisioned at start and again whenever the file is saved
        fromF("file:%s?fileName=%s&noop=true&autoCreate=false&idempotentKey=${file:name}-${file:modified}-${file:size}&delay=%d",
                declarationFile.getParent(), declarationFile.getFileName(), settings.getLong("snap.catalogs.check-period-ms", 5000))
                .routeId("snap-provision-catalogs").routeConfigurationId("http-api")
                .setBody(constant(null))
                .to("direct:snap-provision-catalogs");
        if (!Files.exists(declarationFile)) {
            // no file of the operator's yet: the packaged declaration is provisioned once at start
            from("timer:snap-provision-packaged-catalogs?repeatCount=1").routeId("snap-provision-packaged-catalogs")
                    .routeConfigurationId("http-api")
                    .setBody(constant(null))
                    .to("direct:snap-provision-catalogs");
        }

        from("direct:snap-provision-catalogs").routeId("snap-provision-catalogs-core").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("snap"))
                .setProperty(Flow.REPLAY_URI, constant("direct:snap-provision-catalogs"))
                .process(e -> {
                    SnapProvisioning.Report report = provisioning.provision(catalogs.reload());
                    ObjectNode written = Json.MAPPER.createObjectNode().put("provisioned_at", Instant.now().toString())
                            .put("declaration", catalogs.source());
                    written.set("counts", Json.MAPPER.valueToTree(report.counts));
                    written.set("problems", Json.MAPPER.valueToTree(report.problems));
                    DataDirectory.writeObject(data.state("snap").resolve("provisioning.json"), written);
                    log.info("Snap provisioning of {}: {}", catalogs.source(), report);
                    e.setProperty(Flow.OUTCOME, report.toString());
                });

        // one firing of a feed's schedule: upload when changed, then follow the upload to its end
        from("direct:snap-upload-feed").routeId("snap-upload-feed-core").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("snap"))
                .setProperty(Flow.REPLAY_URI, constant("direct:snap-upload-feed"))
                .process(uploads::begin)
                .loopDoWhile(uploads::following)
                    // the schedule's own thread waits: the upload is followed to its end within this firing
                    .delay(exchangeProperty(SnapFeedUploads.POLL_DELAY)).syncDelayed()
                        .process(uploads::poll)
                    .end() // delay is a block: without this, what follows would run in every turn of the loop
                .end()
                .process(uploads::finish);

        from("direct:snap-check-catalog").routeId("snap-check-catalog-core").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("snap"))
                .setProperty(Flow.REPLAY_URI, constant("direct:snap-check-catalog"))
                .process(e -> e.setProperty(Flow.OUTCOME, diagnostics.run()));
    }
}
