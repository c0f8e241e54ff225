package io.adrelay.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.DeadLetters;

/**
 * GET /ops/dead-letters (?state=open, replayed or dismissed), POST /ops/dead-letters/{id}/replay: the letter's exchange
 * sent again where it failed, by the route ({@link OpsRoutes}); DELETE /ops/dead-letters/{id} with a reason: dismissed.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    /** Exchange property: where the replay goes, the endpoint stored in the letter. */
    static final String ENDPOINT = "AdrelayReplayEndpoint";
    /** Exchange variable: the letter replayed. */
    static final String LETTER = "AdrelayReplayLetter";

    private final DeadLetterStore deadLetters;

    public DeadLetterReplay(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
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
     * The first step of a replay (route ops-replay-dead-letter-core): the open letter (404 for none, 409 for one that
     * cannot be replayed), marked replayed; where it goes (property {@link #ENDPOINT}) and its id (property
     * {@link Flow#REPLAY_OF}: the replay's log lines carry it). The route sends it on an exchange of its own
     * (enrich of ops-replay-dead-letter-send, {@link #request}), then {@link #answer} answers.
     */
    public void prepare(Exchange e) {
        String id = e.getIn().getHeader("id", String.class);
        ObjectNode letter = deadLetters.find(id).orElseThrow(() -> new RequestRejectedException(404, "no dead letter " + id));
        String endpoint = letter.path("replay").path("endpoint").asText(null);
        if (endpoint == null) {
            throw new RequestRejectedException(409, "dead letter " + id + " cannot be replayed: "
                    + letter.path("fix").asText("see its reason: " + letter.path("reason").asText()));
        }
        deadLetters.markReplayed(id);
        e.setProperty(Flow.REPLAY_OF, id);
        e.setProperty(ENDPOINT, endpoint);
        e.setVariable(LETTER, letter);
    }

    /**
     * The replay's own exchange (route ops-replay-dead-letter-send) becomes the letter's request: its headers and body
     * only, and no route it came from, so a new dead letter names the route it failed in, as the first one did.
     */
    public void request(Exchange e) {
        ObjectNode letter = e.getVariable(LETTER, ObjectNode.class);
        e.getIn().getHeaders().clear();
        e.getIn().getHeaders().putAll(DeadLetterStore.replayHeaders(letter));
        e.getIn().setBody(letter.path("replay").path("body").asText(null));
        e.getExchangeExtension().setFromRouteId(null);
    }

    /**
     * Answers 200 {replayed, outcome: ok} when the replay went through; when it failed again, 502 (the API refused it
     * again: its status, code and message under api_error) or 500 (it failed here), with the new dead letter.
     */
    public void answer(Exchange e) {
        String id = e.getProperty(Flow.REPLAY_OF, String.class);
        String again = e.getProperty(ReplayOutcome.DEAD_LETTER, String.class);
        Throwable failure = e.getProperty(ReplayOutcome.FAILURE, Throwable.class);
        Map<String, Object> result = new LinkedHashMap<>();
        if (failure == null && again == null) {
            result.put("replayed", id);
            result.put("outcome", "ok");
            LOG.info("Dead letter {} replayed: ok", id);
            WebhookResponses.reply(e, 200, result);
            return;
        }
        ObjectNode newLetter = again == null ? null : deadLetters.find(again).orElse(null);
        String reason = newLetter != null ? newLetter.path("reason").asText()
                : failure != null ? String.valueOf(failure.getMessage()) : "unknown";
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
