package io.adrelay.common.inbox;

import org.apache.camel.builder.RouteBuilder;

/** Shared upkeep of the data directory, whatever flows run. */
public class HousekeepingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // names no file consumer can take are set aside once, with a reason, instead of being retried forever
        from("timer:adrelay-inbox-names?delay=1000&period={{adrelay.inbox.name-check-period-ms}}")
                .routeId("adrelay-guard-inbox-names")
                .bean(InboxNames.class, "quarantine");
    }
}
