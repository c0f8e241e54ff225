package io.adrelay.common.inbox;

import org.apache.camel.builder.RouteBuilder;
import io.adrelay.common.storage.intake.DoneRequestRetention;

/** Shared upkeep of what adrelay keeps, whatever flows run. */
public class HousekeepingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // names no file consumer can take are set aside once, with a reason, instead of being retried forever
        from("timer:adrelay-inbox-names?delay=1000&period={{adrelay.inbox.name-check-period-ms}}")
                .routeId("adrelay-guard-inbox-names")
                .bean(InboxNames.class, "quarantine");
        // done requests are forgotten after adrelay.intake.done-kept-days: the record of what was done stays bounded
        from("timer:adrelay-forget-done-requests?delay=1000&period={{adrelay.intake.done-check-period-ms}}")
                .routeId("adrelay-forget-done-requests")
                .bean(DoneRequestRetention.class, "forgetExpired");
    }
}
