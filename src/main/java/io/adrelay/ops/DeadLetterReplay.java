package io.adrelay.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.LogContext;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.storage.deadletters.DeadLetterStore;

/** GET /ops/dead-letters, and POST /ops/dead-letters/{id}/replay: the letter's exchange sent again where it failed, through the one ProducerTemplate. */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final DeadLetterStore deadLetters;
    private final ProducerTemplate template;

    public DeadLetterReplay(DeadLetterStore deadLetters, ProducerTemplate template) {
        this.deadLetters = deadLetters;
        this.template = template;
    }

    /** GET /ops/dead-letters: those not replayed yet, each summarised. */
    public void list(Exchange e) {
        WebhookResponses.reply(e, 200, Map.of("dead_letters", deadLetters.list().stream().map(DeadLetterReplay::summary).toList()));
    }

    private static Map<String, Object> summary(ObjectNode letter) {
        Map<String, Object> s = new LinkedHashMap<>();
        // the request and the API's own words were masked when the letter was written
        for (String field : List.of("id", "api", "route", "failed_at", "reason", "hint", "request", "fix")) {
            if (letter.hasNonNull(field)) {
                s.put(field, letter.get(field).asText());
            }
        }
        s.put("status", letter.path("error").path("status").isMissingNode() ? null : letter.path("error").path("status").asInt());
        s.put("code", letter.path("error").path("code").asText(null));
        s.put("message", letter.path("error").path("message").asText(null));
        s.put("replayable", letter.path("replay").has("endpoint"));
        return s;
    }

    /** Answers 200 {replayed, outcome[, dead_letter]}; 404 for no such letter, 409 for one that cannot be replayed. */
    public void replay(Exchange e) {
        String id = e.getIn().getHeader("id", String.class);
        ObjectNode letter = deadLetters.find(id).orElseThrow(() -> new RequestRejectedException(404, "no dead letter " + id));
        String endpoint = letter.path("replay").path("endpoint").asText(null);
        if (endpoint == null) {
            throw new RequestRejectedException(409, "dead letter " + id + " cannot be replayed: "
                    + letter.path("fix").asText("see its reason: " + letter.path("reason").asText()));
        }
        deadLetters.markReplayed(id);
        Map<String, Object> result = new LinkedHashMap<>();
        // the replay's log lines carry the letter's id
        try (LogContext.Scope scope = LogContext.with(LogContext.DEAD_LETTER_ID, id)) {
            Exchange replay = template.send(endpoint, x -> {
                x.getIn().getHeaders().putAll(DeadLetterStore.replayHeaders(letter));
                x.getIn().setBody(letter.path("replay").path("body").asText(null));
            });
            result.put("replayed", id);
            String again = replay.getProperty(Flow.DEAD_LETTER_ID, String.class);
            result.put("outcome", replay.getException() != null ? "failed: " + replay.getException().getMessage()
                    : again != null ? "dead-lettered again" : "ok");
            if (again != null) {
                result.put("dead_letter", again);
            }
            LOG.info("Dead letter {} replayed: {}", id, result.get("outcome"));
        }
        WebhookResponses.reply(e, 200, result);
    }
}
