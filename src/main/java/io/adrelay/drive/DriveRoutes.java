package io.adrelay.drive;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import io.adrelay.common.Flow;
import io.adrelay.common.routes.RouteFilter;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.google.drive.GoogleDriveComponent;
import org.apache.camel.component.google.drive.GoogleDriveConfiguration;

/**
 * The only way to Google Drive: camel-google-drive's producer with the real Google client
 * (see {@link DriveClientFactory}), one throttle (drive.throttle.*), and Google's errors mapped to
 * ours (its 403 userRateLimitExceeded is a 429). A flow's route calls {@code direct:drive-egress-list}
 * (every page of a files.list: the files as the body), {@code -create} or {@code -download}, each a step of
 * its own, its request set by a bean with {@link DriveRequests}; each goes through drive-egress-call. Like
 * every egress route, none handles its errors: the caller's retries re-run the step. Java, not YAML: the
 * component's client must be set up in code, and nothing here is an operator's choice (the budget
 * is in the properties).
 */
public class DriveRoutes extends RouteBuilder {

    public static final String METHOD = "AdrelayDriveMethod";

    @Override
    public void configure() {
        if (!RouteFilter.keeps(getContext(), "drive-egress-call")) {
            // the Statlas flow is left out, and these routes with it: nothing of Google's is loaded then
            return;
        }
        GoogleDriveComponent drive = getContext().getComponent("google-drive", GoogleDriveComponent.class);
        drive.setClientFactory(getContext().getRegistry().lookupByNameAndType("driveClientFactory", DriveClientFactory.class));
        // the component insists on client credentials; the factory authorises, so these only satisfy that check
        GoogleDriveConfiguration configuration = new GoogleDriveConfiguration();
        configuration.setClientId("adrelay");
        configuration.setClientSecret("unused-see-DriveClientFactory");
        configuration.setApplicationName("adrelay");
        drive.setConfiguration(configuration);

        from("direct:drive-egress-call").routeId("drive-egress-call")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", Flow.HEADER_PREFIX + "*", "CamelRedelivery*", "CamelGoogleDrive.*")
                .throttle(constant("{{drive.throttle.requests}}")).timePeriodMillis("{{drive.throttle.period-ms}}")
                .setProperty(Flow.REQUEST, simple("Drive files.${header." + METHOD + "} ${header.CamelGoogleDrive.q}${header.CamelGoogleDrive.fileId}"))
                .choice()
                    .when(header(METHOD).isEqualTo("download"))
                        .bean("driveCalls", "download")
                    .otherwise()
                        // the component calls Google on a thread of its own and the route would go on there, the caller's
                        // thread freed: the timer, the event inbox and the reconciliation would start their next exchange
                        // while this one runs (overlapping polls of one batch, events out of order). Waited for instead.
                        .to("direct:drive-egress-producer?synchronous=true")
                .end()
                .removeHeaders("*", Flow.KEEP_HEADERS);

        from("direct:drive-egress-list").routeId("drive-egress-list")
                .errorHandler(noErrorHandler())
                .bean("driveListing", "start")
                .loopDoWhile(method("driveListing", "more"))
                    .bean("driveListing", "nextPage")
                    .to("direct:drive-egress-call")
                    .bean("driveListing", "page")
                .end()
                .bean("driveListing", "files");

        from("direct:drive-egress-create").routeId("drive-egress-create")
                .errorHandler(noErrorHandler())
                .setHeader(METHOD, constant("create"))
                .to("direct:drive-egress-call")
                .removeHeader(METHOD);

        from("direct:drive-egress-download").routeId("drive-egress-download")
                .errorHandler(noErrorHandler())
                .setHeader(METHOD, constant("download"))
                .to("direct:drive-egress-call")
                .removeHeader(METHOD);

        from("direct:drive-egress-producer").routeId("drive-egress-producer")
                .errorHandler(noErrorHandler())
                .doTry()
                    .toD("google-drive://drive-files/${header." + METHOD + "}")
                .doCatch(GoogleJsonResponseException.class)
                    .bean("driveCalls", "rethrow")
                .end();
    }
}
