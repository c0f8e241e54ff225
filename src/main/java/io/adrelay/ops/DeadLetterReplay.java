package io.adrelay.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.adrelay.common.storage.deadletters.DeadLetters;

/**
 * GET /ops/dead-letters (?state=open, replayed or dismissed), POST /ops/dead-letters/{id}/replay: the letter's exchange
 * sent again where it failed, through the one ProducerTemplate; DELETE /ops/dead-letters/{id} with a reason: dismissed.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final DeadLetterStore deadLetters;
    private final ProducerTemplate template;

    public DeadLetterReplay(DeadLetterStore deadLetters, ProducerTemplate template) {
        this.deadLetters = deadLetters;
        this.template = template;
    }

    /** GET /ops/dead-letters: those neither replayed nor dismissed, each summarised; ?state= lists the others. */
    public void list(Exchange e) {
        String asked = e.getIn().getHeader("state", String.class);
        DeadLetters.State state = asked == null || asked.isBlank() ? DeadLetters.State.OPEN : DeadLetters.State.of(asked);
        if (state == null) {
            throw new RequestRejectedException(400, "state must be open, replayed or dismissed");
        }
        WebhookResponses.reply(e, 200, Map.of("dead_letters", deadLetters.list(state).stream().map(DeadLetterReplay::summary).toList()));
    }

    private static Map<String, Object> summary(ObjectNode letter) {
        Map<String, Object> s = new LinkedHashMap<>();
        // the request and the API's own words were masked when the letter was written
        for (String field : List.of("id", "api", "route", "failed_at", "node", "reason", "hint", "request", "fix", "dismissed_at", "dismissed_reason")) {
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

    /**
     * Answers 200 {replayed, outcome: ok} when the replay went through; when it failed again, 502 (the API refused it
     * again: its status, code and message under api_error) or 500 (it failed here), with the new dead letter; 404 for
     * no such open letter, 409 for one that cannot be replayed.
     */
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
            String again = replay.getProperty(Flow.DEAD_LETTER_ID, String.class);
            if (replay.getException() == null && again == null) {
                result.put("replayed", id);
                result.put("outcome", "ok");
                LOG.info("Dead letter {} replayed: ok", id);
                WebhookResponses.reply(e, 200, result);
                return;
            }
            ObjectNode newLetter = again == null ? null : deadLetters.find(again).orElse(null);
            String reason = newLetter != null ? newLetter.path("reason").asText()
                    : replay.getException() != null ? String.valueOf(replay.getException().getMessage()) : "unknown";
            result.put("error", "the replay of dead letter " + id + " failed again: " + reason);
            result.put("replayed", id);
            result.put("outcome", again != null ? "dead-lettered again" : "failed");
            if (again != null) {
                result.put("dead_letter", again);
            }
            boolean apiRefused = newLetter != null && newLetter.path("error").has("status");
            if (apiRefused) {
                JsonNode error = newLetter.path("error");
                Map<String, Object> api = new LinkedHashMap<>();
                api.put("status", error.path("status").asInt());
                api.put("code", error.path("code").asText(null));
                api.put("message", error.path("message").asText(null));
                result.put("api_error", api);
            }
            if (newLetter != null && newLetter.hasNonNull("hint")) {
                result.put("hint", newLetter.path("hint").asText());
            }
            LOG.warn("Dead letter {} replayed: it failed again{}", id, again == null ? "" : " (dead letter " + again + ")");
            // not a 200: the API refused it again (a bad gateway, as seen from here), or it failed here
            WebhookResponses.reply(e, apiRefused ? 502 : 500, result);
        }
    }

    /**
     * DELETE /ops/dead-letters/{id} with {"reason": "..."}: an open letter that will never be replayed leaves the list,
     * kept with the reason and the time (GET /ops/dead-letters?state=dismissed). 400 without a reason, 404 for no such open letter.
     */
    public void dismiss(Exchange e) {
        String id = e.getIn().getHeader("id", String.class);
        String reason = OpsRequests.dismissalReason(e.getIn().getBody(String.class));
        ObjectNode letter = deadLetters.dismiss(id, reason).orElseThrow(() -> new RequestRejectedException(404,
                "no open dead letter " + id + " (GET /ops/dead-letters lists them)"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dismissed", id);
        result.put("reason", letter.path("dismissed_reason").asText());
        result.put("dismissed_at", letter.path("dismissed_at").asText());
        WebhookResponses.reply(e, 200, result);
    }
}
