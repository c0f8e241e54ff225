package io.adrelay.ops;

import io.adrelay.common.FileErrorReason;
import org.apache.camel.builder.RouteBuilder;

/**
 * Behind /ops/* (the paths: {@link OpsRestRoutes}): list and run scheduled jobs, follow their runs,
 * list and replay dead letters. Each route checks the ops token, then a bean answers JSON. In Java:
 * engineers own these, and the REST verbs that call them are the contract operators see.
 */
public class OpsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:ops-list-jobs").routeId("ops-list-jobs-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("jobRunRequests", "jobs");

        // answers 202 at once: the run goes on on a Quartz thread, its job fired (?wait=true answers its outcome)
        from("direct:ops-run-job").routeId("ops-run-job-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("jobRunRequests", "run");

        from("direct:ops-list-runs").routeId("ops-list-runs-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("jobRunRequests", "list");

        from("direct:ops-show-run").routeId("ops-show-run-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("jobRunRequests", "show");

        from("direct:ops-list-dead-letters").routeId("ops-list-dead-letters-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("deadLetterReplay", "list");

        from("direct:ops-replay-dead-letter").routeId("ops-replay-dead-letter-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("deadLetterReplay", "replay");

        // the replay of a dropped file's dead letter (FileErrorReason names this entry in the letter)
        from(FileErrorReason.REQUEUE_URI).routeId("ops-requeue-file")
                .bean(FileRequeue.class, "requeue");
    }
}
