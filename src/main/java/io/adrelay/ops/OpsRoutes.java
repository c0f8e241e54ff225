package io.adrelay.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DeadLetterStore;
import io.adrelay.common.FileErrorReason;
import io.adrelay.common.Settings;
import io.adrelay.common.WebhookResponses;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Behind /ops/* (the paths: {@link OpsRestRoutes}): list and run scheduled jobs, follow their runs,
 * list and replay dead letters. Each route checks the ops token and answers JSON.
 */
public class OpsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        JobRuns runs = getContext().getRegistry().findSingleByType(JobRuns.class);
        JobCatalog jobs = new JobCatalog(getContext(), runs);
        JobRunRequests runRequests = new JobRunRequests(jobs, runs);
        DeadLetterStore deadLetters = getContext().getRegistry().findSingleByType(DeadLetterStore.class);
        DeadLetterReplay replays = new DeadLetterReplay(deadLetters, getContext().getRegistry().findSingleByType(ProducerTemplate.class));
        requeueFiles();

        from("direct:ops-list-jobs").routeId("ops-list-jobs-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(e -> WebhookResponses.reply(e, 200, Map.of("jobs", jobs.list())));

        // answers 202 at once: the run goes on on a Quartz thread, its job fired (?wait=true answers its outcome)
        from("direct:ops-run-job").routeId("ops-run-job-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(runRequests::run);

        from("direct:ops-list-runs").routeId("ops-list-runs-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(runRequests::list);

        from("direct:ops-show-run").routeId("ops-show-run-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(runRequests::show);

        from("direct:ops-list-dead-letters").routeId("ops-list-dead-letters-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(e -> WebhookResponses.reply(e, 200, Map.of("dead_letters", summaries(deadLetters.list()))));

        from("direct:ops-replay-dead-letter").routeId("ops-replay-dead-letter-core").routeConfigurationId("webhook")
                .process(e -> authorise(settings, e))
                .process(replays::replay);
    }

    /** Replay of a dropped file's dead letter (FileErrorReason names this entry in the letter). */
    private void requeueFiles() {
        from(FileErrorReason.REQUEUE_URI).routeId("ops-requeue-file")
                .process(FileRequeue::requeue);
    }

    private static void authorise(Settings settings, Exchange exchange) {
        OpsRequests.authorise(settings.sandbox(), settings.get("adrelay.ops-token"),
                exchange.getIn().getHeader("Authorization", String.class));
    }

    private static List<Map<String, Object>> summaries(List<ObjectNode> letters) {
        return letters.stream().map(letter -> {
            Map<String, Object> s = new LinkedHashMap<>();
            for (String field : List.of("id", "api", "route", "failed_at", "reason", "hint")) {
                if (letter.hasNonNull(field)) {
                    s.put(field, letter.get(field).asText());
                }
            }
            s.put("status", letter.path("error").path("status").isMissingNode() ? null : letter.path("error").path("status").asInt());
            s.put("code", letter.path("error").path("code").asText(null));
            return s;
        }).toList();
    }
}
