package io.adrelay.common.egress;

import org.apache.camel.builder.RouteBuilder;
import io.adrelay.common.Flow;

/**
 * The route template of every egress route (one per API and method class), instantiated in the
 * flows' YAML files with the API's budget from properties:
 * <pre>
 * - templatedRoute:
 *     routeTemplateRef: adrelay-egress
 *     routeId: statlas-egress-get
 *     parameters:
 *       - {name: api, value: statlas}
 *       - {name: requests, value: "{{statlas.get.throttle.requests}}"}
 *       ...
 * </pre>
 * No error handler of its own (the caller's retries re-run it whole, budget included), no call
 * while the data dir cannot record its outcome, inbound headers cleared, the API's budget ({@link EgressBudget}), the API's
 * credentials where they take a call of their own (route {@code credentials}), its auth (bean {@code authorize}), the
 * call, its classification (bean {@code response}), and the response headers cleared so none leaks into a file or the
 * next call. A call that names its effect
 * is never sent twice on a lost answer: see {@link SentEffects}.
 */
public class EgressTemplate extends RouteBuilder {

    public static final String ID = "adrelay-egress";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("routeId", null, "the route's id, also its direct: name (<api>-egress-<method class>)")
                .templateParameter("api", null, "the API, as dead letters and errors name it")
                .templateParameter("requests", null, "calls allowed per period")
                .templateParameter("periodMs", null, "the period in milliseconds")
                .templateParameter("url", null, "the API's base URL; the call adds CamelHttpPath and CamelHttpQuery")
                .templateParameter("credentials", "bean:egressSteps?method=credentialsAsConfigured",
                        "where the API's credentials are made sure of before the auth is set: a direct: route where they take"
                        + " a call of their own (Snap's OAuth token, refreshed when needed); by default nothing to do")
                .templateParameter("authorize", null, "bean:<name>?method=<m> that sets the API's auth and request headers")
                .templateParameter("response", "egressResponse", "bean that checks the answer (method check) and throws the API's error")
                .from("direct:{{routeId}}")
                .errorHandler(noErrorHandler())
                .bean("egressSteps", "admit('{{routeId}}: {{requests}} requests per {{periodMs}} ms')")
                .removeHeaders("*", Flow.KEEP_REQUEST_HEADERS)
                // the same effect sent before a stop, its answer never seen: look for it before sending again
                .bean("sentEffects", "recall")
                .filter(exchangeProperty(SentEffects.RECALLED).isNotNull())
                    .to(LostAnswerCheck.URI)
                .end()
                .filter(exchangeProperty(SentEffects.TAKEN).isNull())
                    .doTry()
                        // the API's budget: a permit per call, back one period after its answer (EgressBudget)
                        .bean("egressBudgets", "acquire(*, '{{routeId}}', {{requests}}, {{periodMs}})")
                        .bean("egressSteps", "granted")
                        .to("{{credentials}}")
                        .to("bean:{{authorize}}")
                        .bean("egressSteps", "describe(*, '{{url}}')")
                        .bean("sentEffects", "sending")
                        .to("{{url}}?throwExceptionOnFailure=false")
                        .bean("egressBudgets", "release")
                        .bean("sentEffects", "answered")
                        // 429s and the last success, per API, for the operator's console
                        .bean("egressAnswers", "record(*, '{{api}}')")
                    .doCatch(Exception.class)
                        .bean("egressBudgets", "release")
                        // sent, and no answer came: look for the effect (after a grace period) before anything is sent again
                        .bean("sentEffects", "lost")
                        .to(LostAnswerCheck.URI)
                    .end()
                .end()
                .bean("{{response}}", "check(*, '{{api}}')")
                .removeHeaders("*", Flow.KEEP_HEADERS);

    }
}
