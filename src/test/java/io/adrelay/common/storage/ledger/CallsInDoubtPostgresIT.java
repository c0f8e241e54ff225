package io.adrelay.common.storage.ledger;

import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The calls-in-doubt contract on adrelay_calls_in_doubt of a real PostgreSQL; "reopened" is another node. */
class CallsInDoubtPostgresIT extends CallsInDoubtContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_calls_in_doubt");

    @Override
    protected CallsInDoubt calls() {
        return new PostgresCallsInDoubt(db.dataSource(), "node-a");
    }

    @Override
    protected CallsInDoubt reopened() {
        return new PostgresCallsInDoubt(db.dataSource(), "node-b");
    }
}
