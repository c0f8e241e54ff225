package io.adrelay.common.storage.deadletters;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.common.config.LogContext;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.EgressFailure;
import io.adrelay.common.egress.OperatorHints;

/**
 * Dead letters (bean deadLetterStore): what failed after retries, the request, the API's own error and what is
 * needed to replay it, kept in {@link DeadLetters} (dead-letter/&lt;api&gt;/&lt;id&gt;.json in the embedded default; replayed
 * ones in .replayed/, dismissed ones with the operator's reason and the time in .dismissed/).
 */
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DeadLetters letters;
    private final DeadLetterCounter counter;
    private final String node;

    public DeadLetterStore(DeadLetters letters, DeadLetterCounter counter) {
        this(letters, counter, null);
    }

    /** {@code node}: the cluster node that writes the letters, named in each (null: one process, no name). */
    public DeadLetterStore(DeadLetters letters, DeadLetterCounter counter, String node) {
        this.letters = letters;
        this.counter = counter;
        this.node = node;
    }

    /** Writes the failed exchange as a dead letter; returns its id. */
    public String write(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String api = exchange.getProperty(Flow.API, "adrelay", String.class);
        String route = String.valueOf(exchange.getProperty(Flow.ROUTE, exchange.getFromRouteId(), String.class));
        String id = ID_TIME.format(Instant.now()) + "-" + route + "-" + UUID.randomUUID().toString().substring(0, 8);

        ObjectNode letter = Json.MAPPER.createObjectNode();
        letter.put("id", id);
        letter.put("api", api);
        letter.put("route", route);
        letter.put("failed_at", Instant.now().toString());
        if (node != null) {
            letter.put("node", node);
        }
        letter.put("attempts", exchange.getProperty(Flow.ATTEMPTS, 1, Integer.class));
        letter.put("reason", SecretMasker.mask(failure == null ? "unknown" : String.valueOf(failure.getMessage())));
        String request = exchange.getProperty(Flow.REQUEST, EgressFailure.requestIn(failure), String.class);
        if (request != null) {
            letter.put("request", SecretMasker.mask(request));
        }
        ApiCallException apiFailure = ApiCallException.in(failure);
        if (apiFailure != null) {
            ObjectNode error = letter.putObject("error");
            error.put("status", apiFailure.error().status());
            error.put("code", apiFailure.error().code());
            error.put("message", apiFailure.error().message());
            error.put("body", apiFailure.error().body());
            String hint = OperatorHints.forCode(apiFailure.error().code());
            if (hint != null) {
                letter.put("hint", hint);
            }
        } else if (failure != null) {
            letter.putObject("error").put("type", failure.getClass().getName());
        }
        String replayUri = exchange.getProperty(Flow.REPLAY_URI, String.class);
        if (replayUri == null) {
            letter.put("fix", failure instanceof InvalidInputException
                    ? "the input itself is invalid: correct it where it comes from and send it again"
                    : "nothing here can be replayed: " + (letter.has("hint") ? letter.path("hint").asText() : "see the reason"));
        } else {
            ObjectNode replay = letter.putObject("replay");
            replay.put("endpoint", replayUri);
            ObjectNode headers = replay.putObject("headers");
            exchange.getIn().getHeaders().forEach((name, value) -> {
                if (name.startsWith(Flow.HEADER_PREFIX) && value != null) {
                    headers.put(name, String.valueOf(value));
                }
            });
            Object body = exchange.getProperty(Flow.REPLAY_BODY);
            if (body != null) {
                replay.put("body", exchange.getContext().getTypeConverter().convertTo(String.class, body));
            }
        }
        try {
            letters.add(api, id, SecretMasker.mask(Json.PRETTY.writeValueAsString(letter)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        counter.increment(api);
        try (LogContext.Scope scope = LogContext.with(LogContext.DEAD_LETTER_ID, id)) {
            LOG.error("Dead letter {} ({}): {}", id, route, letter.path("reason").asText()
                    + (letter.has("hint") ? " - " + letter.path("hint").asText() : ""));
        }
        return id;
    }

    /** The open letters, oldest first. */
    public List<ObjectNode> list() {
        return letters.list();
    }

    /** The letters in this state, oldest first. */
    public List<ObjectNode> list(DeadLetters.State state) {
        return letters.list(state);
    }

    public Optional<ObjectNode> find(String id) {
        return letters.find(id);
    }

    /** Listed no more; kept for the record. */
    public void markReplayed(String id) {
        letters.markReplayed(id);
    }

    /**
     * Dismisses an open letter that will never be replayed (its route is gone, its cause will never be fixed): kept with
     * {@code dismissed_at} and {@code dismissed_reason}, listed no more as open. Empty when there is no open letter of this id.
     */
    public Optional<ObjectNode> dismiss(String id, String reason) {
        Optional<ObjectNode> letter = letters.dismiss(id, Map.of("dismissed_at", Instant.now().toString(),
                "dismissed_reason", SecretMasker.mask(reason)));
        letter.ifPresent(dismissed -> {
            try (LogContext.Scope scope = LogContext.with(LogContext.DEAD_LETTER_ID, id)) {
                LOG.info("Dead letter {} dismissed: {}", id, dismissed.path("dismissed_reason").asText());
            }
        });
        return letter;
    }

    /** Replay instructions of a letter: endpoint, headers and body. */
    public static Map<String, Object> replayHeaders(ObjectNode letter) {
        Map<String, Object> headers = new LinkedHashMap<>();
        letter.path("replay").path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }
}
