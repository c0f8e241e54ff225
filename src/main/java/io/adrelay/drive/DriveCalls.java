package io.adrelay.drive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.ApiError;
import io.adrelay.common.egress.ResponseClassifier;

/**
 * What the Drive egress route does beside the component's call (bean driveCalls): a file's content
 * (the component's download gives no bytes), and Google's errors in our terms.
 */
public class DriveCalls {

    private final DriveClientFactory factory;

    DriveCalls(DriveClientFactory factory) {
        this.factory = factory;
    }

    /** The content of file CamelGoogleDrive.fileId, as the body. */
    public void download(Exchange e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            factory.client().files().get(e.getIn().getHeader("CamelGoogleDrive.fileId", String.class)).executeMediaAndDownloadTo(out);
        } catch (GoogleJsonResponseException failure) {
            throw translate(failure);
        }
        e.getIn().setBody(out.toByteArray());
    }

    /** The caught failure rethrown as an ApiCallException when Google answered it, as it was otherwise. */
    public void rethrow(Exchange e) throws Exception {
        Exception caught = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof GoogleJsonResponseException google) {
                throw translate(google);
            }
        }
        throw caught;
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
                : failure.getHeaders().getRetryAfter(), ZonedDateTime.now());
        return new ApiCallException("drive", new ApiError(status, reason, message, body), retry, retryAfter);
    }
}
