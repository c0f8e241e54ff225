package io.adrelay.snap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.adrelay.snap.dpa.DpaCampaigns;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.LRUCacheFactory;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import io.adrelay.common.routes.DeclaredJobs;

/**
 * The Snap routes that read better in Java; the flows themselves are in routes/snap-*.camel.yaml.
 * The upload schedule template is here because its instances are made in Java from the declaration
 * (a template in a YAML file would be added again, not replaced, when the file is reloaded); the
 * provisioning trigger is here because its directory and file name both come from snap.catalogs-file.
 */
public class SnapRoutes extends RouteBuilder {

    @Override
    public void configure() throws IOException {
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

        // each declaration is provisioned at start and again whenever its file is saved
        // (routes/snap-provision-catalogs.camel.yaml, routes/snap-provision-campaigns.camel.yaml)
        Path file = catalogs.file();
        onSave(file, "snap-provision-catalogs", "direct:snap-provision-catalogs", seen());
        // at start the catalog provisioning runs it, once the catalogs it refers to are there: only later saves count here
        Path campaigns = getContext().getRegistry().lookupByNameAndType("dpaCampaigns", DpaCampaigns.class).file();
        MemoryIdempotentRepository seen = seen();
        if (Files.exists(campaigns)) {
            seen.add(campaigns.getFileName() + "-" + Files.size(campaigns) + "-" + Files.getLastModifiedTime(campaigns).toMillis());
        }
        onSave(campaigns, "snap-provision-campaigns-on-save", "direct:snap-provision-campaigns", seen);
        if (!Files.exists(file)) {
            // no file of the operator's yet: the packaged declaration is provisioned once at start
            from("timer:snap-provision-packaged-catalogs?repeatCount=1").routeId("snap-provision-packaged-catalogs")
                    .routeConfigurationId("http-api")
                    .setBody(constant(null))
                    .to("direct:snap-provision-catalogs");
        }
    }

    /** The saves a file watcher has seen (name, size, time), the last thousand. */
    private static MemoryIdempotentRepository seen() {
        return new MemoryIdempotentRepository(LRUCacheFactory.newLRUCache(1000));
    }

    /** A route that sends nothing to {@code to} each time the file is saved, unless the file is as already seen. */
    private void onSave(Path file, String routeId, String to, MemoryIdempotentRepository seen) {
        getContext().getRegistry().bind(routeId + "-seen", seen);
        // readLock=changed: a file still being written (an editor saving in place) is read once it stops changing
        fromF("file:%s?fileName=%s&noop=true&autoCreate=false&idempotentKey=${file:name}-${file:size}-${header.CamelFileLastModified}"
                + "&idempotentRepository=#%s-seen&delay={{snap.catalogs.check-period-ms}}"
                + "&readLock=changed&readLockCheckInterval=250&readLockMinAge=250&readLockTimeout=10000",
                file.getParent(), file.getFileName(), routeId)
                .routeId(routeId).routeConfigurationId("http-api")
                .setBody(constant(null))
                .to(to);
    }
}
