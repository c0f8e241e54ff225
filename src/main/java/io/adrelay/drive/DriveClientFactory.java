package io.adrelay.drive;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.DriveScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.drive.GoogleDriveClientFactory;
import io.adrelay.common.config.ConfigurationException;

/**
 * Builds the real Google Drive client for camel-google-drive, pointed at GOOGLE_DRIVE_ROOT_URL
 * (the component has no root-URL option) and authorised inside the client, so no token ever lands
 * in a request URL: a service-account key file, or a bearer token.
 */
public class DriveClientFactory implements GoogleDriveClientFactory {

    private final String rootUrl;
    private final String accessToken;
    private final String credentialsFile;
    private volatile Drive client;

    public DriveClientFactory(String rootUrl, String accessToken, String credentialsFile) {
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.accessToken = accessToken;
        this.credentialsFile = credentialsFile;
    }

    @Override
    public Drive makeClient(String clientId, String clientSecret, Collection<String> scopes, String applicationName,
                            String refreshToken, String ignoredAccessToken) {
        return client();
    }

    @Override
    public Drive makeClient(CamelContext context, String serviceAccountKey, Collection<String> scopes, String applicationName,
                            String delegate) {
        return client();
    }

    /** One client for the component and for media downloads. */
    public Drive client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = new Drive.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), authorisation())
                            .setRootUrl(rootUrl).setApplicationName("adrelay").build();
                }
            }
        }
        return client;
    }

    private HttpRequestInitializer authorisation() {
        if (accessToken != null && !accessToken.isBlank()) {
            return request -> {
                request.getHeaders().setAuthorization("Bearer " + accessToken);
                request.setConnectTimeout(10_000);
                request.setReadTimeout(60_000);
            };
        }
        try (InputStream key = new FileInputStream(credentialsFile)) {
            return new HttpCredentialsAdapter(ServiceAccountCredentials.fromStream(key).createScoped(List.of(DriveScopes.DRIVE)));
        } catch (IOException e) {
            // no retry can fix this: the operator must point the variable at a readable key file
            throw new ConfigurationException("GOOGLE_APPLICATION_CREDENTIALS " + credentialsFile + " cannot be read ("
                    + e.getMessage() + "): point it at the service account's key file, then replay");
        }
    }
}
