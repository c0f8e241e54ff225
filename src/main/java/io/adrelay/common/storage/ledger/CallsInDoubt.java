package io.adrelay.common.storage.ledger;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The calls sent and not yet answered, by effect (common/egress/SentEffects): remembered just before a call
 * leaves, forgotten once its answer came or its check decided. One still here at the next start had its answer
 * lost. A seam of its own beside {@link EffectLedger}: a short-lived record with a body, written and deleted per
 * call, where the ledger's keys are permanent.
 */
public interface CallsInDoubt {

    /** The remembered call of this effect (effect, sent_at, request, baseline), if one is in doubt. */
    Optional<ObjectNode> find(String effect);

    /** Recorded durably before it returns; replaces an earlier record of the same effect. */
    void remember(String effect, ObjectNode call);

    /** No longer in doubt; nothing happens when none is remembered. */
    void forget(String effect);
}
