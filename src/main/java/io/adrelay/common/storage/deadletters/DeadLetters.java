package io.adrelay.common.storage.deadletters;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where dead letters are kept (what {@link DeadLetterStore} writes): listed and replayed by id until replayed,
 * then kept for the record but listed no more.
 */
public interface DeadLetters {

    /** Stores a letter (its JSON text, secrets already masked) durably before it returns. */
    void add(String api, String id, String letter);

    /** The letters not yet replayed, by id (ids begin with their time, so oldest first). */
    List<ObjectNode> list();

    /** A letter not yet replayed. */
    Optional<ObjectNode> find(String id);

    /** Listed and found no more; nothing happens for an unknown id. */
    void markReplayed(String id);
}
