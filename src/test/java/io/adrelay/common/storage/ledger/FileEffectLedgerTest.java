package io.adrelay.common.storage.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on state/idempotency/&lt;effect&gt;.dat. */
class FileEffectLedgerTest extends EffectLedgerContract {

    @TempDir
    Path dir;

    @Override
    protected EffectLedger ledger(int cacheSize) {
        return new FileEffectLedger(dir, cacheSize);
    }

    @Override
    protected EffectLedger reopened(int cacheSize) {
        return new FileEffectLedger(dir, cacheSize);
    }

    @Test
    void oneFilePerEffectOneKeyALine() throws Exception {
        EffectLedger ledger = ledger(10);
        ledger.markDone("bsa-report", "lineitems/2026-11-21");
        ledger.markDone("bsa-report", "lineitems/2026-11-22");
        ledger.close();
        assertEquals(List.of("lineitems/2026-11-21", "lineitems/2026-11-22"), Files.readAllLines(dir.resolve("bsa-report.dat")));
    }
}
