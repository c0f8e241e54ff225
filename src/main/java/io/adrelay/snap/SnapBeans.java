package io.adrelay.snap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import io.adrelay.snap.dpa.DpaCampaigns;
import io.adrelay.snap.dpa.DpaProvisioning;
import io.adrelay.snap.dpa.DpaSync;
import io.adrelay.snap.dpa.ProductSetSearch;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import io.adrelay.common.routes.RefusedFiles;
import io.adrelay.common.routes.RouteFiles;
import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.DocumentStore;

/** The Snap flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class SnapBeans implements CamelConfiguration {

    @BindToRegistry(value = "snapAccessTokens", lazy = true)
    public SnapAccessTokens snapAccessTokens(@PropertyInject("snap.access-token") String accessToken,
                                             @PropertyInject("snap.client-id") String clientId,
                                             @PropertyInject("snap.client-secret") String clientSecret,
                                             @PropertyInject("snap.refresh-token") String refreshToken) {
        return new SnapAccessTokens(accessToken, clientId, clientSecret, refreshToken, Clock.systemUTC());
    }

    @BindToRegistry(value = "snapAuthorization", lazy = true)
    public SnapAuthorization snapAuthorization() {
        return new SnapAuthorization();
    }

    @BindToRegistry(value = "snapResponse", lazy = true)
    public SnapResponse snapResponse(SnapAccessTokens tokens) {
        return new SnapResponse(tokens);
    }

    @BindToRegistry(value = "snapLists", lazy = true)
    public SnapLists snapLists() {
        return new SnapLists();
    }

    @BindToRegistry(value = "snapCreateCheck", lazy = true)
    public SnapCreateCheck snapCreateCheck() {
        return new SnapCreateCheck();
    }


    @BindToRegistry(value = "snapCatalogs", lazy = true)
    public SnapCatalogs snapCatalogs(DocumentStore documents, RouteFiles routeFiles, RefusedFiles refusedDeclarations,
                                     @PropertyInject("snap.catalogs-file") String file) {
        Path declaration = Path.of(file).toAbsolutePath().normalize();
        // the operator's file when it exists, else the one packaged in the jar
        return new SnapCatalogs(declaration, routeFiles.packaged(declaration.getFileName().toString()),
                new SnapCatalogState(documents.document("snap/catalogs")), refusedDeclarations);
    }

    @BindToRegistry(value = "snapUploadSchedules", lazy = true)
    public SnapUploadSchedules snapUploadSchedules(CamelContext context, @PropertyInject("snap.feed.cron") String cron,
                                                   @PropertyInject("snap.feed.time-zone") String timeZone) {
        return new SnapUploadSchedules(context, cron, timeZone);
    }

    @BindToRegistry(value = "snapProvisioning", lazy = true)
    public SnapProvisioning snapProvisioning(SnapCatalogs catalogs, DocumentStore documents,
                                             @BeanInject("clusterLocks") ClusterLocks cluster) {
        return new SnapProvisioning(catalogs, documents.document("snap/provisioning"), cluster);
    }

    @BindToRegistry(value = "snapPlanning", lazy = true)
    public SnapPlanning snapPlanning(SnapCatalogs catalogs, DpaCampaigns campaigns) {
        return new SnapPlanning(catalogs, campaigns);
    }

    @BindToRegistry(value = "snapStateView", lazy = true)
    public SnapStateView snapStateView(SnapCatalogs catalogs, DocumentStore documents, DataDirectory data) {
        return new SnapStateView(catalogs, documents, data);
    }

    @BindToRegistry(value = "catalogSync", lazy = true)
    public CatalogSync catalogSync(SnapCatalogs catalogs) {
        return new CatalogSync(catalogs.state());
    }

    @BindToRegistry(value = "snapFeedPublisher", lazy = true)
    public SnapFeedPublisher snapFeedPublisher(DataDirectory data, DocumentStore documents,
                                               @PropertyInject("adrelay.inbox.snap.max-bytes") long maxBytes) {
        return new SnapFeedPublisher(data, documents, maxBytes);
    }

    @BindToRegistry(value = "snapFeedUploads", lazy = true)
    public SnapFeedUploads snapFeedUploads(SnapCatalogs catalogs, DataDirectory data, DocumentStore documents, CamelContext context,
                                           @PropertyInject("adrelay.public-url") String publicUrl,
                                           @PropertyInject("adrelay.feeds.username") String username,
                                           @PropertyInject("adrelay.feeds.password") String password,
                                           @PropertyInject("snap.upload.poll-initial-ms") long pollInitialMs,
                                           @PropertyInject("snap.upload.poll-max-ms") long pollMaxMs,
                                           @PropertyInject("snap.upload.timeout-ms") long timeoutMs) {
        return new SnapFeedUploads(catalogs, data, documents,
                new SnapFeedUploads.Settings(publicUrl, username, password, pollInitialMs, pollMaxMs, timeoutMs), context);
    }

    @BindToRegistry(value = "snapUploadResume", lazy = true)
    public SnapUploadResume snapUploadResume(SnapCatalogs catalogs, DocumentStore documents) {
        return new SnapUploadResume(catalogs, documents);
    }

    @BindToRegistry(value = "snapDiagnostics", lazy = true)
    public SnapDiagnostics snapDiagnostics(SnapCatalogs catalogs, DataDirectory data,
                                           @PropertyInject("snap.diagnostics.facets") String facets,
                                           @PropertyInject("snap.diagnostics.limit") int limit,
                                           @PropertyInject("snap.diagnostics.time-zone") String timeZone) {
        return new SnapDiagnostics(catalogs, data, List.of(facets.split("\\s*,\\s*")), limit,
                ZoneId.of(timeZone.isEmpty() ? "UTC" : timeZone));
    }

    @BindToRegistry(value = "dpaCampaigns", lazy = true)
    public DpaCampaigns dpaCampaigns(SnapCatalogs catalogs, RouteFiles routeFiles, RefusedFiles refusedDeclarations,
                                     @PropertyInject("snap.campaigns-file") String file) {
        Path declaration = Path.of(file).toAbsolutePath().normalize();
        return new DpaCampaigns(declaration, routeFiles.packaged(declaration.getFileName().toString()), catalogs, refusedDeclarations);
    }

    @BindToRegistry(value = "productSetSearch", lazy = true)
    public ProductSetSearch productSetSearch(SnapCatalogs catalogs) {
        return new ProductSetSearch(catalogs);
    }

    @BindToRegistry(value = "dpaProvisioning", lazy = true)
    public DpaProvisioning dpaProvisioning(DpaCampaigns campaigns, SnapCatalogs catalogs, DocumentStore documents,
                                           @BeanInject("clusterLocks") ClusterLocks cluster) {
        return new DpaProvisioning(campaigns, catalogs, documents.document("snap/campaigns"), cluster);
    }

    @BindToRegistry(value = "dpaSync", lazy = true)
    public DpaSync dpaSync() {
        return new DpaSync();
    }

    /** Snap fetches published feeds from ADRELAY_PUBLIC_URL/feeds/<feed>.csv, with basic auth when configured. */
    @BindToRegistry(value = "feedServer", lazy = true)
    public FeedServer feedServer(DataDirectory data, @PropertyInject("adrelay.feeds.username") String user,
                                 @PropertyInject("adrelay.feeds.password") String password) {
        String credentials = user.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new FeedServer(credentials, data.root().resolve("feeds"));
    }
}
