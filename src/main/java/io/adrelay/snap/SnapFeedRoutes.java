package io.adrelay.snap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.adrelay.common.DataDirectory;
import io.adrelay.common.Settings;
import org.apache.camel.builder.RouteBuilder;

/** Published Snap feeds served to Snap's fetcher (GET and HEAD /feeds/&lt;feed&gt;.csv). */
public class SnapFeedRoutes extends RouteBuilder {

    @Override
    public void configure() {
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        // Snap fetches published feeds from ADRELAY_PUBLIC_URL/feeds/<feed>.csv (with basic auth when configured; the path: SnapFeedRestRoutes)
        Settings settings = new Settings(getContext());
        String user = settings.get("adrelay.feeds.username");
        String credentials = user.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.get("adrelay.feeds.password")).getBytes(StandardCharsets.UTF_8));
        from("direct:snap-serve-feed").routeId("snap-serve-feed-core").routeConfigurationId("webhook")
                .process(e -> FeedServer.authorize(e, credentials))
                .process(e -> FeedServer.serve(e, data.root().resolve("feeds")));
    }
}
