package io.adrelay.snap;

import org.apache.camel.builder.RouteBuilder;

/**
 * Published Snap feeds served to Snap's fetcher (GET and HEAD /feeds/&lt;feed&gt;.csv; the path:
 * SnapFeedRestRoutes). In Java: not a flow an operator changes, the HTTP contract Snap relies on.
 */
public class SnapFeedRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:snap-serve-feed").routeId("snap-serve-feed-core").routeConfigurationId("webhook")
                .bean("feedServer", "authorize")
                .bean("feedServer", "serve");
    }
}
