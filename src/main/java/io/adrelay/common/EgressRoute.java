package io.adrelay.common;

import io.adrelay.ops.RunningJob;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The shape of every egress route (one per API and method class): no error handler of its own
 * (the caller's retries re-run it whole, throttle included), no call while the data dir is too
 * short of space to record its outcome, inbound headers cleared, the budget's throttle; then, after the API's auth, the call, its classification, and the response headers cleared.
 */
public final class EgressRoute {

    private EgressRoute() {
    }

    /** direct:&lt;id&gt; up to its throttle; add the API's auth and request headers, then {@link #call}. */
    public static RouteDefinition from(RouteBuilder builder, String id, RateBudget budget) {
        RouteDefinition route = builder.from("direct:" + id).routeId(id);
        DiskSpace disk = builder.getContext().getRegistry().findSingleByType(DiskSpace.class);
        String what = id + " (" + budget.requests() + " requests per " + budget.periodMillis() + " ms)";
        route.errorHandler(builder.noErrorHandler())
                .process(e -> disk.requireRoomToRecord())
                .removeHeaders("*", Flow.KEEP_REQUEST_HEADERS)
                // a job run held here says so (JobRunWatch) instead of going silent until the budget allows
                .process(e -> RunningJob.current().ifPresent(run -> run.waitingForBudget(what)))
                .throttle(budget.requests()).timePeriodMillis(budget.throttlePeriodMillis())
                .process(e -> RunningJob.current().ifPresent(RunningJob::budgetGranted));
        return route;
    }

    /** The HTTP call to baseUrl + CamelHttpPath (+ CamelHttpQuery), described for dead letters, then checked. */
    public static void call(RouteDefinition route, String api, String baseUrl) {
        call(route, baseUrl, new EgressResponse(api));
    }

    /** As above, with the API's own reading of the response (which must throw for an error, as EgressResponse does). */
    public static void call(RouteDefinition route, String baseUrl, Processor response) {
        route.process(e -> {
            Object query = e.getIn().getHeader(Exchange.HTTP_QUERY);
            e.setProperty(Flow.REQUEST, e.getIn().getHeader(Exchange.HTTP_METHOD, "GET", String.class) + " " + baseUrl
                    + e.getIn().getHeader(Exchange.HTTP_PATH, "", String.class) + (query == null ? "" : "?" + query));
        })
                .to(baseUrl + "?throwExceptionOnFailure=false")
                .process(response)
                .removeHeaders("*", Flow.KEEP_HEADERS);
    }
}
