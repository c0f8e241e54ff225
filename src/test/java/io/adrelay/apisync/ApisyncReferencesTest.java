package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.adrelay.common.storage.references.FileReferenceStore;
import io.adrelay.common.storage.references.ReferenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The references of two nodes over one shared store (here the file store: ApisyncReferencesPostgresIT has the
 * cluster's): a miss always asks the store, so a node sees what another remembered after its own first look; a hit is
 * answered from memory.
 */
class ApisyncReferencesTest {

    @TempDir
    Path dir;

    final List<String> asked = new ArrayList<>();

    @Test
    void aNodeSeesAReferenceAnotherNodeRememberedAfterItsOwnMiss() {
        ReferenceStore shared = counted(new FileReferenceStore(dir));
        ApisyncReferences a = new ApisyncReferences(shared);
        ApisyncReferences b = new ApisyncReferences(shared);

        assertEquals(Optional.empty(), b.idOf("campaigns", "xmas"));
        a.remember("campaigns", "xmas", "c-1");
        b.remember("campaigns", "summer", "c-2");
        assertEquals(Optional.of("c-1"), b.idOf("campaigns", "xmas"));
        assertEquals(Optional.of("c-2"), a.idOf("campaigns", "summer"));
        assertEquals(Optional.of("c-1"), new ApisyncReferences(new FileReferenceStore(dir)).idOf("campaigns", "xmas"));
        assertEquals(Optional.of("c-2"), new FileReferenceStore(dir).idOf("apisync/campaigns", "summer"), "kept as kind apisync/<resource>");
    }

    @Test
    void aHitIsAnsweredFromMemoryAndAMissAsksTheStoreEachTime() {
        ApisyncReferences references = new ApisyncReferences(counted(new FileReferenceStore(dir)));
        references.idOf("campaigns", "xmas");
        references.idOf("campaigns", "xmas");
        references.remember("campaigns", "xmas", "c-1");
        references.remember("campaigns", "xmas", "c-1");
        references.idOf("campaigns", "xmas");
        assertEquals(List.of("idOf xmas", "idOf xmas", "remember xmas"), asked);
    }

    /** The store, each call to it noted in {@link #asked}. */
    private ReferenceStore counted(ReferenceStore store) {
        return new ReferenceStore() {
            @Override
            public Optional<String> idOf(String kind, String reference) {
                asked.add("idOf " + reference);
                return store.idOf(kind, reference);
            }

            @Override
            public void remember(String kind, String reference, String id) {
                asked.add("remember " + reference);
                store.remember(kind, reference, id);
            }
        };
    }
}
