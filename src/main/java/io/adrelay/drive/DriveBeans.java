package io.adrelay.drive;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.google.drive.GoogleDriveFilesConverterLoader;

/** The Drive beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class DriveBeans implements CamelConfiguration {

    /** The real Google client behind camel-google-drive (see DESIGN.md §7: the component has no root-URL option). */
    @BindToRegistry(value = "driveClientFactory", lazy = true)
    public DriveClientFactory driveClientFactory(@PropertyInject("google.drive-root-url") String rootUrl,
                                                 @PropertyInject("google.drive-access-token") String accessToken,
                                                 @PropertyInject("google.application-credentials") String credentialsFile,
                                                 CamelContext context) {
        // the runnable jar leaves the component's type converters out of Camel's list (they load Google's classes at
        // every start, the Statlas flow running or not): here, when the Drive client is first needed
        new GoogleDriveFilesConverterLoader().load(context.getTypeConverterRegistry());
        return new DriveClientFactory(rootUrl, accessToken, credentialsFile);
    }

    /** The steps of the Drive egress route that the component cannot do. */
    @BindToRegistry(value = "driveCalls", lazy = true)
    public DriveCalls driveCalls(@BeanInject("driveClientFactory") DriveClientFactory factory) {
        return new DriveCalls(factory);
    }

    /** The steps of drive-egress-list: every page of a listing. */
    @BindToRegistry(value = "driveListing", lazy = true)
    public DriveListing driveListing() {
        return new DriveListing();
    }
}
