package io.adrelay.common.intake;

import org.apache.camel.builder.RouteBuilder;

/**
 * The route template of every webhook (Statlas, APISync), instantiated in the flow's YAML file:
 * size, authentication, room in the queue and on disk, strict JSON (bean {@code intake}, a
 * {@link WebhookIntake}); then the flow's own check and durable store (bean {@code accept}, which
 * answers the tracking id); then 202. Every refusal is a 4xx/503 with a JSON reason (route
 * configuration {@code webhook}), and nothing is stored.
 */
public class WebhookIntakeTemplate extends RouteBuilder {

    public static final String ID = "adrelay-webhook-intake";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("routeId", null, "the route's id, also its direct: name")
                .templateParameter("intake", null, "the flow's WebhookIntake bean")
                .templateParameter("accept", null, "bean:<name>?method=<m> that checks the JSON body, stores it durably and answers the tracking id")
                .from("direct:{{routeId}}")
                .routeConfigurationId("webhook")
                .bean("{{intake}}", "receive")
                .to("bean:{{accept}}")
                .bean(WebhookResponses.class, "accepted(*, ${body})");
    }
}
