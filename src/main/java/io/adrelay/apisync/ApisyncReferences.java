package io.adrelay.apisync;

import java.util.Map;
import java.util.Optional;

import io.adrelay.common.storage.BoundedLruMap;
import io.adrelay.common.storage.references.ReferenceStore;


/**
 * Which APISync id each reference_id got, per resource (kind {@code apisync/<resource>} of the reference store: files
 * under state/apisync/references/ in the embedded default, PostgreSQL shared by the nodes in the cluster), so a
 * relationship given by reference_id resolves without listing the API every time. Hits are kept in this node's memory
 * (an id once given to a reference_id stays its id, so a hit stays right); a miss always asks the store, where another
 * node may have remembered it since.
 */
final class ApisyncReferences {

    /** Hits kept per node; beyond them the least recently used is asked of the store again. */
    private static final int KEPT = 10_000;

    private final ReferenceStore store;
    private final Map<Key, String> known = new BoundedLruMap<>(64, KEPT, id -> { });

    ApisyncReferences(ReferenceStore store) {
        this.store = store;
    }

    Optional<String> idOf(String resource, String referenceId) {
        Key key = new Key(resource, referenceId);
        String id = known.get(key);
        if (id != null) {
            return Optional.of(id);
        }
        Optional<String> stored = store.idOf(kind(resource), referenceId);
        stored.ifPresent(found -> known.put(key, found));
        return stored;
    }

    void remember(String resource, String referenceId, String id) {
        Key key = new Key(resource, referenceId);
        if (id.equals(known.get(key))) {
            return;
        }
        store.remember(kind(resource), referenceId, id);
        known.put(key, id);
    }

    private static String kind(String resource) {
        return "apisync/" + resource;
    }

    private record Key(String resource, String referenceId) {
    }
}
