package io.adrelay.ops;

import org.apache.camel.builder.RouteBuilder;
import io.adrelay.common.Flow;

/**
 * The route template of a flow's catch-up at start, instantiated in the flow's YAML file:
 * <pre>
 * - templatedRoute:
 *     routeTemplateRef: adrelay-catch-up
 *     routeId: bsa-catch-up-reports
 *     parameters:
 *       - {name: routeId, value: bsa-catch-up-reports}
 *       - {name: api, value: bsa}
 *       - {name: runs, value: bsaCatchUp}
 *       - {name: job, value: "direct:bsa-pull-report"}
 * </pre>
 * Once, a moment after the start: the flow's bean ({@code runs}) lists the runs to make ({@link CatchUp}s), and a split sends each to
 * the job's route as a run of that job (trigger catch-up) between {@link CatchUpRuns} {@code begin} and {@code end}; a
 * failure the job's route did not handle fails that run only, and the next is made all the same.
 */
public class CatchUpTemplate extends RouteBuilder {

    public static final String ID = "adrelay-catch-up";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("routeId", null, "the route's id, also its timer's name")
                .templateParameter("api", null, "the API the runs call, as dead letters and errors name it")
                .templateParameter("runs", null, "the flow's bean whose method runs answers the runs to make, a list of CatchUp")
                .templateParameter("job", null, "the route each run is sent to")
                .templateParameter("enabled", "true", "false: the timer fires once and nothing is caught up")
                .templateParameter("parallel", "false", "true: each run on a thread of its own, so that a long one holds back no other")
                .from("timer:{{routeId}}?repeatCount=1&delay=1000")
                .routeConfigurationId("http-api")
                .filter(simple("{{enabled}} == false"))
                    .stop()
                .end()
                .setProperty(Flow.API, constant("{{api}}"))
                .bean("{{runs}}", "runs")
                .split(body()).parallelProcessing("{{parallel}}")
                    // a run of the job, once no other run of it goes (it waits for one going to end)
                    .bean("catchUpRuns", "begin")
                    .doTry()
                        .to("{{job}}")
                    .doCatch(Exception.class)
                        .bean("catchUpRuns", "failed")
                    .doFinally()
                        .bean("catchUpRuns", "end")
                    .end()
                .end();
    }
}
