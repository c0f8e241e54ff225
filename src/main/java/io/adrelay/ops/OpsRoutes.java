package io.adrelay.ops;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import io.adrelay.common.inbox.FileErrorReason;

/**
 * Behind /ops/* (the paths: {@link OpsRestRoutes}): list and run scheduled jobs, follow their runs,
 * list, replay and dismiss dead letters. Each route checks the ops token, then a bean answers JSON (a replay sends the
 * letter where it failed first, as a step of its route). In Java:
 * engineers own these, and the REST verbs that call them are the contract operators see.
 */
public class OpsRoutes extends RouteBuilder {

    /** direct:&lt;id&gt; (route &lt;id&gt;-core) answered by bean.method once the token is checked. */
    private record Endpoint(String id, String bean, String method) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("ops-list-jobs", "jobRunRequests", "jobs"),
            // answers 202 at once: the run goes on on a Quartz thread, its job fired (?wait=true answers its outcome)
            new Endpoint("ops-run-job", "jobRunRequests", "run"),
            new Endpoint("ops-list-runs", "jobRunRequests", "list"),
            new Endpoint("ops-show-run", "jobRunRequests", "show"),
            new Endpoint("ops-list-dead-letters", "deadLetterReplay", "list"),
            new Endpoint("ops-list-flows", "flowOverview", "flows"),
            new Endpoint("ops-list-bsa-pulls", "bsaPulls", "list"),
            new Endpoint("ops-dismiss-dead-letter", "deadLetterReplay", "dismiss"));

    @Override
    public void configure() {
        for (Endpoint endpoint : ENDPOINTS) {
            from("direct:" + endpoint.id()).routeId(endpoint.id() + "-core").routeConfigurationId("webhook")
                    .bean("opsAuthorization", "authorise")
                    .bean(endpoint.bean(), endpoint.method());
        }

        // a dead letter sent again where it failed, on an exchange of its own (the letter's request, headers and body):
        // the route it goes to handles its failure as it did the first time (a new dead letter), and the answer says how it went
        from("direct:ops-replay-dead-letter").routeId("ops-replay-dead-letter-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("deadLetterReplay", "prepare")
                .enrich("direct:ops-replay-dead-letter-send", new ReplayOutcome(), true)
                .bean("deadLetterReplay", "answer");
        from("direct:ops-replay-dead-letter-send").routeId("ops-replay-dead-letter-send").routeConfigurationId("egress")
                .bean("deadLetterReplay", "request")
                .toD("${exchangeProperty." + DeadLetterReplay.ENDPOINT + "}");

        // the replay of a dropped file's dead letter (FileErrorReason names this entry in the letter)
        from(FileErrorReason.REQUEUE_URI).routeId("ops-requeue-file")
                .bean(FileRequeue.class, "requeue");
    }
}
