package io.adrelay.common.storage.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.adrelay.common.storage.StoreDatabase;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract on adrelay_effect_ledger of a real PostgreSQL; two ledgers on one database are two nodes. */
class EffectLedgerPostgresIT extends EffectLedgerContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_effect_ledger");

    @Override
    protected EffectLedger ledger(int cacheSize) {
        return new PostgresEffectLedger(db.dataSource(), "node-a");
    }

    @Override
    protected EffectLedger reopened(int cacheSize) {
        return new PostgresEffectLedger(db.dataSource(), "node-b");
    }

    /** The race JdbcMessageIdRepository loses (select, then insert): here exactly one node's add answers true. */
    @Test
    void nodesAddingTheSameKeyAtOnceFindItNewExactlyOnce() throws Exception {
        List<IdempotentRepository> nodes = List.of(ledger(10).repository("statlas-delivered"), reopened(10).repository("statlas-delivered"),
                new PostgresEffectLedger(db.dataSource(), "node-c").repository("statlas-delivered"));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            for (int k = 0; k < 30; k++) {
                String key = "BAT00" + k + "/ad-1/rev-3";
                List<Callable<Boolean>> adds = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    IdempotentRepository node = nodes.get(i % nodes.size());
                    adds.add(() -> node.add(key));
                }
                int firsts = 0;
                for (Future<Boolean> added : threads.invokeAll(adds)) {
                    firsts += added.get() ? 1 : 0;
                }
                assertEquals(1, firsts, key);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyLongerThanTheColumnIsKeptAsItsHashAndRemovedByTheIdempotentConsumersRollback() {
        String longKey = "drive-file/" + "x".repeat(400);
        IdempotentRepository a = ledger(10).repository("drive-file");
        IdempotentRepository b = reopened(10).repository("drive-file");
        assertTrue(a.add(longKey));
        assertFalse(b.add(longKey));
        assertFalse(b.contains(longKey.substring(0, 300)), "a different long key is not the same hash");
        assertTrue(b.remove(longKey));
        assertFalse(a.contains(longKey), "removed on one node, gone on the other: nothing cached");
    }
}
