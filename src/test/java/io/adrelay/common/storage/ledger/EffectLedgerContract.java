package io.adrelay.common.storage.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EffectLedger} promises: a subclass gives a ledger over fresh state (small cache: {@code cacheSize}
 * keys in memory) and {@link #reopened} another over the same state, as the next start (or another node) sees it.
 */
public abstract class EffectLedgerContract {

    protected abstract EffectLedger ledger(int cacheSize);

    protected abstract EffectLedger reopened(int cacheSize);

    @Test
    void rememberedEffectsSurviveARestart() {
        EffectLedger before = ledger(10);
        before.markDone("bsa-report", "daily-stats/2026-11-21");
        before.close();

        EffectLedger after = reopened(10);
        assertTrue(after.isDone("bsa-report", "daily-stats/2026-11-21"));
        assertFalse(after.isDone("bsa-report", "daily-stats/2026-11-20"));
        assertFalse(after.isDone("drive-file", "daily-stats/2026-11-21"), "keys are per effect");
        after.close();
    }

    @Test
    void keysBeyondTheCacheAreStillFound() {
        EffectLedger ledger = ledger(2);
        for (int i = 0; i < 20; i++) {
            ledger.markDone("e", "k" + i);
        }
        ledger.close();
        EffectLedger reopened = reopened(2);
        for (int i = 0; i < 20; i++) {
            assertTrue(reopened.isDone("e", "k" + i), "k" + i);
        }
        reopened.close();
    }

    /** The idempotentConsumer EIP relies on add answering whether the key was new. */
    @Test
    void theRepositoryAddsAKeyOnce() {
        EffectLedger ledger = ledger(10);
        IdempotentRepository repository = ledger.repository("webhook-event");
        assertTrue(repository.add("evt-1"));
        assertFalse(repository.add("evt-1"));
        assertTrue(repository.contains("evt-1"));
        assertTrue(ledger.isDone("webhook-event", "evt-1"));
        ledger.close();
    }
}
