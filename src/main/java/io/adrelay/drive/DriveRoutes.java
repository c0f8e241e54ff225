package io.adrelay.drive;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import io.adrelay.common.Flow;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.google.drive.GoogleDriveComponent;
import org.apache.camel.component.google.drive.GoogleDriveConfiguration;

/**
 * The only way to Google Drive: camel-google-drive's producer with the real Google client
 * (see {@link DriveClientFactory}), one throttle (drive.throttle.*), and Google's errors mapped to
 * ours (its 403 userRateLimitExceeded is a 429). Callers send header AdrelayDriveMethod (list, get,
 * create, download) and the CamelGoogleDrive.* headers of that method. Java, not YAML: the
 * component's client must be set up in code, and nothing here is an operator's choice (the budget
 * is in the properties).
 */
public class DriveRoutes extends RouteBuilder {

    public static final String METHOD = "AdrelayDriveMethod";

    @Override
    public void configure() {
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
                        .to("direct:drive-egress-producer")
                .end()
                .removeHeaders("*", Flow.KEEP_HEADERS);

        from("direct:drive-egress-producer").routeId("drive-egress-producer")
                .errorHandler(noErrorHandler())
                .doTry()
                    .toD("google-drive://drive-files/${header." + METHOD + "}")
                .doCatch(GoogleJsonResponseException.class)
                    .bean("driveCalls", "rethrow")
                .end();
    }
}
