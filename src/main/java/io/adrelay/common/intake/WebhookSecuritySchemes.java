package io.adrelay.common.intake;

import org.apache.camel.builder.RouteBuilder;

/**
 * The webhook authentication schemes of the OpenAPI document (/observe/openapi), which the webhook
 * verbs of the route files name ({@code security: - key: webhookToken}). Declared once here, in Java,
 * because a YAML rest block takes one apiKey scheme only; they describe where the secret goes, never
 * its value. No route: this rest block has no verb.
 */
public class WebhookSecuritySchemes extends RouteBuilder {

    private static final String SECRET = "the flow's webhook secret (STATLAS_WEBHOOK_SECRET, APISYNC_WEBHOOK_SECRET)";

    @Override
    public void configure() {
        rest("/webhooks").description("Webhooks, authenticated with " + SECRET)
                .securityDefinitions()
                    .apiKey("webhookToken", SECRET).withHeader("X-Webhook-Token").end()
                    .apiKey("webhookTokenQuery", SECRET + ", as a query parameter (masked in logs): the form a partner dashboard can configure")
                        .withQuery("token").end()
                    .apiKey("webhookSignature", "sha256=<hex HMAC-SHA256 of the raw body, keyed with " + SECRET + ">")
                        .withHeader("X-Signature").end()
                .end();
    }
}
