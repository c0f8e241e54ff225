package io.adrelay.common.storage.ledger;

import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The calls-in-doubt contract on adrelay_calls_in_doubt of a real PostgreSQL; "reopened" is another node. */
class CallsInDoubtPostgresIT extends CallsInDoubtContract {

    private static StoreDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = StoreDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyCalls() {
        db.empty("adrelay_calls_in_doubt");
    }

    @Override
    protected CallsInDoubt calls() {
        return new PostgresCallsInDoubt(db.dataSource(), "node-a");
    }

    @Override
    protected CallsInDoubt reopened() {
        return new PostgresCallsInDoubt(db.dataSource(), "node-b");
    }
}
