package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotencyStoreTest {

    @TempDir
    Path dir;

    @Test
    void rememberedEffectsSurviveARestart() {
        IdempotencyStore before = new IdempotencyStore(dir, 10);
        before.markDone("bsa-report", "daily-stats/2026-11-21");
        before.close();

        IdempotencyStore after = new IdempotencyStore(dir, 10);
        assertTrue(after.isDone("bsa-report", "daily-stats/2026-11-21"));
        assertFalse(after.isDone("bsa-report", "daily-stats/2026-11-20"));
        assertFalse(after.isDone("drive-file", "daily-stats/2026-11-21"), "keys are per effect");
    }

    @Test
    void keysBeyondTheCacheAreStillFound() {
        IdempotencyStore store = new IdempotencyStore(dir, 2);
        for (int i = 0; i < 20; i++) {
            store.markDone("e", "k" + i);
        }
        store.close();
        IdempotencyStore reopened = new IdempotencyStore(dir, 2);
        for (int i = 0; i < 20; i++) {
            assertTrue(reopened.isDone("e", "k" + i), "k" + i);
        }
    }
}
