package io.adrelay.drive;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import io.adrelay.common.ApiCallException;
import io.adrelay.common.ApiError;
import io.adrelay.common.Flow;
import io.adrelay.common.ResponseClassifier;
import io.adrelay.common.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.google.drive.GoogleDriveComponent;
import org.apache.camel.component.google.drive.GoogleDriveConfiguration;

/**
 * The only way to Google Drive: camel-google-drive's producer with the real Google client
 * (see {@link DriveClientFactory}), one throttle, and Google's errors mapped to ours (its 403
 * userRateLimitExceeded is a 429). Callers send header AdrelayDriveMethod (list, get, create,
 * download) and the CamelGoogleDrive.* headers of that method.
 */
public class DriveRoutes extends RouteBuilder {

    public static final String METHOD = "AdrelayDriveMethod";

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DriveClientFactory factory = new DriveClientFactory(settings.get("google.drive-root-url"),
                settings.get("google.drive-access-token"), settings.get("google.application-credentials"));
        GoogleDriveComponent drive = getContext().getComponent("google-drive", GoogleDriveComponent.class);
        drive.setClientFactory(factory);
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
                        .process(e -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            try {
                                factory.client().files().get(e.getIn().getHeader("CamelGoogleDrive.fileId", String.class))
                                        .executeMediaAndDownloadTo(out);
                            } catch (GoogleJsonResponseException failure) {
                                throw translate(failure);
                            }
                            e.getIn().setBody(out.toByteArray());
                        })
                    .otherwise()
                        .to("direct:drive-egress-producer")
                .end()
                .removeHeaders("*", Flow.KEEP_HEADERS);

        from("direct:drive-egress-producer").routeId("drive-egress-producer")
                .errorHandler(noErrorHandler())
                .doTry()
                    .toD("google-drive://drive-files/${header." + METHOD + "}")
                .doCatch(GoogleJsonResponseException.class)
                    .process(e -> {
                        Throwable caught = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                        while (!(caught instanceof GoogleJsonResponseException) && caught.getCause() != null) {
                            caught = caught.getCause();
                        }
                        if (caught instanceof GoogleJsonResponseException google) {
                            throw translate(google);
                        }
                        throw e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    })
                .end();
    }

    /** Google's error, in our terms: classified, with its own code and message. */
    private static ApiCallException translate(GoogleJsonResponseException failure) {
        String body = failure.getContent() == null ? "" : failure.getContent();
        int status = failure.getStatusCode();
        String reason = failure.getDetails() == null || failure.getDetails().getErrors() == null || failure.getDetails().getErrors().isEmpty()
                ? null : failure.getDetails().getErrors().get(0).getReason();
        String message = failure.getDetails() == null ? failure.getStatusMessage() : failure.getDetails().getMessage();
        boolean retry = ResponseClassifier.classify(status, body) == ResponseClassifier.Outcome.RETRY;
        Duration retryAfter = ResponseClassifier.parseRetryAfter(failure.getHeaders() == null ? null
                : failure.getHeaders().getRetryAfter(), java.time.ZonedDateTime.now());
        return new ApiCallException("drive", new ApiError(status, reason, message, body), retry, retryAfter);
    }
}
