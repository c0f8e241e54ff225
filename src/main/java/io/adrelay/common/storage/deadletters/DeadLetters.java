package io.adrelay.common.storage.deadletters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where dead letters are kept (what {@link DeadLetterStore} writes): listed and replayed by id until replayed,
 * then kept for the record but listed no more.
 */
public interface DeadLetters {

    /** Stores a letter (its JSON text, secrets already masked) durably before it returns. */
    void add(String api, String id, String letter);

    /** Where a letter is: open (listed, replayable), replayed or dismissed (kept for the record, listed on request). */
    enum State {
        OPEN, REPLAYED, DISMISSED;

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

    /** The letters in this state, by id (ids begin with their time, so oldest first). */
    List<ObjectNode> list(State state);

    /** The open letters. */
    default List<ObjectNode> list() {
        return list(State.OPEN);
    }

    /** A letter not yet replayed. */
    Optional<ObjectNode> find(String id);

    /** Listed and found no more; nothing happens for an unknown id. */
    void markReplayed(String id);

    /**
     * An open letter that will never be replayed, dismissed: kept with the fields given (when, why), listed no more
     * as open; the dismissed letter, or empty when there is no open letter of this id.
     */
    Optional<ObjectNode> dismiss(String id, Map<String, String> fields);
}
