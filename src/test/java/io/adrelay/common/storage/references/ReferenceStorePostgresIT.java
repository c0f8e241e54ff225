package io.adrelay.common.storage.references;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The references contract on adrelay_references of a real PostgreSQL; "reopened" is another node's store. */
class ReferenceStorePostgresIT extends ReferenceStoreContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_references");

    @Override
    protected ReferenceStore store() {
        return new PostgresReferenceStore(db.dataSource(), "node-a");
    }

    @Override
    protected ReferenceStore reopened() {
        return new PostgresReferenceStore(db.dataSource(), "node-b");
    }

    /** The lost update of a whole map rewritten by each node: here two nodes remember at once, and every entry stays. */
    @Test
    void twoNodesRememberingAtOnceLoseNoneOfEachOthersReferences() throws Exception {
        ReferenceStore a = store();
        ReferenceStore b = reopened();
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            done.add(nodes.submit(() -> rememberMany(a, "a")));
            done.add(nodes.submit(() -> rememberMany(b, "b")));
            for (Future<?> node : done) {
                node.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.of("id-a" + i), b.idOf("apisync/campaigns", "a" + i));
            assertEquals(Optional.of("id-b" + i), a.idOf("apisync/campaigns", "b" + i));
        }
        try (Connection connection = db.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*), count(DISTINCT node) FROM adrelay_references WHERE kind = 'apisync/campaigns'")) {
            rows.next();
            assertEquals("100 rows by 2 nodes", rows.getLong(1) + " rows by " + rows.getLong(2) + " nodes");
        }
    }

    private static void rememberMany(ReferenceStore node, String prefix) {
        for (int i = 0; i < 50; i++) {
            node.remember("apisync/campaigns", prefix + i, "id-" + prefix + i);
        }
    }
}
