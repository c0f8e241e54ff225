package io.adrelay.common.storage.ledger;

import org.apache.camel.spi.IdempotentRepository;

/**
 * The effects that are done, by kind of effect (Drive file + revision, webhook event, report + date, ...): a
 * key once marked is never forgotten, so a restart (or another node) never repeats the effect. Kept apart from
 * {@link CallsInDoubt}: these keys only grow and are read as a set, the calls in doubt come and go.
 */
public interface EffectLedger {

    /** The keys of one kind of effect, e.g. {@code bsa-report}, as Camel's idempotentConsumer EIP uses them. */
    IdempotentRepository repository(String effect);

    default boolean isDone(String effect, String key) {
        return repository(effect).contains(key);
    }

    /** Recorded durably before it returns. */
    default void markDone(String effect, String key) {
        repository(effect).add(key);
    }

    /** Releases what the ledger holds open (files, connections). */
    void close();
}
