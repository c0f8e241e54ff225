package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import io.adrelay.common.storage.StoreDatabase;
import io.adrelay.common.storage.references.PostgresReferenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two cluster nodes' references on one real PostgreSQL: what one remembers, the other resolves, even after it had
 * missed it; and neither node's write loses the other's (each node kept a map of its own before, loaded once, and
 * wrote it whole over the shared file).
 */
class ApisyncReferencesPostgresIT {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_references");

    @Test
    void eachNodeResolvesWhatTheOtherRememberedAndNothingIsLost() {
        ApisyncReferences a = new ApisyncReferences(new PostgresReferenceStore(db.dataSource(), "node-a"));
        ApisyncReferences b = new ApisyncReferences(new PostgresReferenceStore(db.dataSource(), "node-b"));

        assertEquals(Optional.empty(), b.idOf("campaigns", "xmas"));
        a.remember("campaigns", "xmas", "c-1");
        b.remember("campaigns", "summer", "c-2");

        assertEquals(Optional.of("c-1"), b.idOf("campaigns", "xmas"));
        assertEquals(Optional.of("c-2"), a.idOf("campaigns", "summer"));
        ApisyncReferences restarted = new ApisyncReferences(new PostgresReferenceStore(db.dataSource(), "node-c"));
        assertEquals(Optional.of("c-1"), restarted.idOf("campaigns", "xmas"));
        assertEquals(Optional.of("c-2"), restarted.idOf("campaigns", "summer"));
    }
}
