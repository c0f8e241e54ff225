package io.adrelay.snap;

import java.nio.file.Files;
import java.nio.file.Path;

import io.adrelay.common.DeclaredJobs;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Snap routes that read better in Java; the flows themselves are in routes/snap-*.camel.yaml.
 * The upload schedule template is here because its instances are made in Java from the declaration
 * (a template in a YAML file would be added again, not replaced, when the file is reloaded); the
 * provisioning trigger is here because its directory and file name both come from snap.catalogs-file.
 */
public class SnapRoutes extends RouteBuilder {

    @Override
    public void configure() {
        SnapCatalogs catalogs = getContext().getRegistry().lookupByNameAndType("snapCatalogs", SnapCatalogs.class);
        SnapUploadSchedules schedules = getContext().getRegistry().lookupByNameAndType("snapUploadSchedules", SnapUploadSchedules.class);
        getContext().getRegistry().findSingleByType(DeclaredJobs.class).expect("snap", () -> catalogs.declaration().catalogs().stream()
                .flatMap(catalog -> catalog.feeds().stream()).map(feed -> SnapUploadSchedules.routeId(feed.key())).toList());

        // one feed's schedule: the flow of a firing is the route snap-upload-feed (routes/snap-upload-feed.camel.yaml)
        routeTemplate(SnapUploadSchedules.TEMPLATE)
                .templateParameter("feed").templateParameter("cron").templateParameter("timeZone")
                .from("quartz:snap/{{feed}}?cron={{cron}}&trigger.timeZone={{timeZone}}").routeConfigurationId("http-api")
                .setHeader(SnapNames.FEED, constant("{{feed}}"))
                .to("direct:snap-upload-feed");
        schedules.declare(this, catalogs.declaration());

        // the declaration is provisioned at start and again whenever the file is saved (routes/snap-provision-catalogs.camel.yaml)
        Path file = catalogs.file();
        fromF("file:%s?fileName=%s&noop=true&autoCreate=false&idempotentKey=${file:name}-${file:modified}-${file:size}"
                + "&delay={{snap.catalogs.check-period-ms}}", file.getParent(), file.getFileName())
                .routeId("snap-provision-catalogs").routeConfigurationId("http-api")
                .setBody(constant(null))
                .to("direct:snap-provision-catalogs");
        if (!Files.exists(file)) {
            // no file of the operator's yet: the packaged declaration is provisioned once at start
            from("timer:snap-provision-packaged-catalogs?repeatCount=1").routeId("snap-provision-packaged-catalogs")
                    .routeConfigurationId("http-api")
                    .setBody(constant(null))
                    .to("direct:snap-provision-catalogs");
        }
    }
}
