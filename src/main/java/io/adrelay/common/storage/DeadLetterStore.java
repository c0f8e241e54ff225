package io.adrelay.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * dead-letter/&lt;api&gt;/&lt;id&gt;.json: what failed after retries, the request, the API's own
 * error and what is needed to replay it. Replayed letters move to dead-letter/&lt;api&gt;/.replayed/, dismissed ones (with
 * the operator's reason and the time) to dead-letter/&lt;api&gt;/.dismissed/: out of the open list, kept for the record.
 */
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path root;
    private final DeadLetterCounter counter;

    public DeadLetterStore(Path root, DeadLetterCounter counter) {
        this.root = root;
        this.counter = counter;
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
        Path file = root.resolve(safe(api)).resolve(id + ".json");
        try {
            DataDirectory.writeAtomically(file, SecretMasker.mask(Json.PRETTY.writeValueAsString(letter)).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counter.increment(api);
        try (LogContext.Scope scope = LogContext.with(LogContext.DEAD_LETTER_ID, id)) {
            LOG.error("Dead letter {} ({}): {}", id, route, letter.path("reason").asText()
                    + (letter.has("hint") ? " - " + letter.path("hint").asText() : ""));
        }
        return id;
    }

    /** Where a letter is: open (listed, replayable), replayed or dismissed. */
    public enum State {
        OPEN(null), REPLAYED(".replayed"), DISMISSED(".dismissed");

        private final String folder;

        State(String folder) {
            this.folder = folder;
        }

        /** The state named (open, replayed, dismissed; any case); null for none of them. */
        public static State of(String name) {
            for (State state : values()) {
                if (state.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return state;
                }
            }
            return null;
        }
    }

    /** The letters not replayed nor dismissed, oldest first. */
    public List<ObjectNode> list() {
        return list(State.OPEN);
    }

    /** The letters in this state, oldest first. */
    public List<ObjectNode> list(State state) {
        List<ObjectNode> letters = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return letters;
        }
        // open letters are in dead-letter/<api>/, the others one folder further down
        int depth = state.folder == null ? 2 : 3;
        try (Stream<Path> files = Files.walk(root, depth)) {
            for (Path file : files.filter(f -> isLetter(f) && inState(f, state)).sorted(Comparator.comparing(Path::getFileName)).toList()) {
                letters.add((ObjectNode) Json.MAPPER.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return letters;
    }

    public Optional<ObjectNode> find(String id) {
        return locate(id).map(file -> {
            try {
                return (ObjectNode) Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Moves a letter to .replayed/ so it is listed no more; the file is kept for the record. */
    public void markReplayed(String id) {
        locate(id).ifPresent(file -> DataDirectory.moveDurably(file, file.getParent().resolve(State.REPLAYED.folder).resolve(file.getFileName())));
    }

    /**
     * Dismisses an open letter that will never be replayed (its route is gone, its cause will never be fixed): the letter,
     * with {@code dismissed_at} and {@code dismissed_reason}, moves to .dismissed/, listed no more as open. Empty when there
     * is no open letter of this id.
     */
    public Optional<ObjectNode> dismiss(String id, String reason) {
        Optional<Path> found = locate(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path file = found.get();
        try {
            ObjectNode letter = (ObjectNode) Json.MAPPER.readTree(file.toFile());
            letter.put("dismissed_at", Instant.now().toString());
            letter.put("dismissed_reason", SecretMasker.mask(reason));
            Path dismissed = file.getParent().resolve(State.DISMISSED.folder).resolve(file.getFileName());
            // the record first, then the open letter goes: a crash in between leaves it open, never lost
            DataDirectory.writeAtomically(dismissed, Json.PRETTY.writeValueAsString(letter).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.delete(file);
            try (LogContext.Scope scope = LogContext.with(LogContext.DEAD_LETTER_ID, id)) {
                LOG.info("Dead letter {} dismissed: {}", id, letter.path("dismissed_reason").asText());
            }
            return Optional.of(letter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file is a letter in this state: open ones in dead-letter/<api>/, the others in its folder of the state. */
    private boolean inState(Path file, State state) {
        Path parent = file.getParent();
        return state.folder == null ? parent.getParent().equals(root)
                : parent.getFileName().toString().equals(state.folder) && parent.getParent().getParent().equals(root);
    }

    /** Replay instructions of a letter: endpoint, headers and body. */
    public static Map<String, Object> replayHeaders(ObjectNode letter) {
        Map<String, Object> headers = new LinkedHashMap<>();
        letter.path("replay").path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    private Optional<Path> locate(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches() || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(f -> isLetter(f) && inState(f, State.OPEN)).filter(f -> f.getFileName().toString().equals(id + ".json")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLetter(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".json")
                && !file.getFileName().toString().startsWith(".");
    }

    private static String safe(String name) {
        return SAFE_ID.matcher(name).matches() ? name : "unknown";
    }
}
