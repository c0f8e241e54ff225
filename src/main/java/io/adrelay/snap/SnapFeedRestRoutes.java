package io.adrelay.snap;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * GET and HEAD /feeds/{file} (REST DSL) and their OpenAPI description: both verbs call the route
 * snap-serve-feed-core in {@link SnapFeedRoutes}, which serves the published file (route configuration
 * {@code webhook}: a REST verb takes no route configuration in Camel 4.14).
 */
public class SnapFeedRestRoutes extends RouteBuilder {

    @Override
    public void configure() {
        RestDefinition feeds = rest("/feeds").description("Published Snap product feeds, fetched by Snap")
                .securityDefinitions().basicAuth("feedsBasic", "ADRELAY_FEEDS_USERNAME / ADRELAY_FEEDS_PASSWORD; only when they are set").end();
        described(feeds.get("/{file}").routeId("snap-serve-feed")
                .description("A published feed file (CSV), whole or a byte range."))
                .to("direct:snap-serve-feed");
        described(feeds.head("/{file}").routeId("snap-serve-feed-head")
                .description("The headers GET would answer (length, ETag), without the file."))
                .to("direct:snap-serve-feed");
    }

    private static RestDefinition described(RestDefinition verb) {
        // the OpenAPI operationId is the route id
        return verb.id(verb.getVerbs().get(verb.getVerbs().size() - 1).getRouteId()).security("feedsBasic")
                .param().name("file").type(RestParamType.path).required(true).description("<feed>.csv").endParam()
                .param().name("Range").type(RestParamType.header).required(false)
                        .description("bytes=<start>-<end>, bytes=<start>- or bytes=-<suffix>: one range; an invalid Range, or several ranges, are ignored (200)")
                        .endParam()
                .responseMessage("200", "the feed, text/csv, with Content-Length, ETag and Accept-Ranges")
                .responseMessage("206", "the range asked for, with Content-Range")
                .responseMessage("304", "unchanged since the ETag given in If-None-Match")
                .responseMessage("401", "feed credentials are set and were not sent: {\"error\": ...}")
                .responseMessage("404", "no published feed of that name: {\"error\": ...}")
                .responseMessage("416", "a range outside the file: {\"error\": ...}")
                .responseMessage("503", "starting or stopping: {\"error\": ...}, with Retry-After");
    }
}
