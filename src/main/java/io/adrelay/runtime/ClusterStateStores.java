package io.adrelay.runtime;

import javax.sql.DataSource;

import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.NodesGone;
import io.adrelay.common.storage.StateStores;
import io.adrelay.common.storage.deadletters.PostgresDeadLetters;
import io.adrelay.common.storage.documents.PostgresDocumentStore;
import io.adrelay.common.storage.ledger.PostgresCallsInDoubt;
import io.adrelay.common.storage.ledger.PostgresEffectLedger;
import io.adrelay.common.storage.runs.PostgresJobRunStore;

/**
 * The cluster profile: the state the nodes share in PostgreSQL (the tables of db/migration), each row that a node
 * writes naming that node (ADRELAY_NODE_NAME), so every node sees the same effects, runs, dead letters and documents.
 * <pre>
 * adrelay_effect_ledger     effects done
 * adrelay_calls_in_doubt    calls in doubt (any node checks one whose answer was lost, when it makes that effect again)
 * adrelay_job_runs          job-run history, one running run per job across the nodes; a gone node's run taken over
 * adrelay_dead_letters      dead letters, listed and replayed from any node
 * adrelay_documents         documents (the Statlas batch registry, Snap's state)
 * </pre>
 * The intake queues stay files in the shared data dir (state/statlas/events, state/apisync/requests) until their
 * PostgreSQL queue replaces them.
 */
final class ClusterStateStores {

    private ClusterStateStores() {
    }

    static StateStores create(DataDirectory data, DataSource db, String node, NodesGone nodesGone, int runsKeptPerJob) {
        return new StateStores(
                EmbeddedStateStores.intake(data),
                new PostgresEffectLedger(db, node),
                new PostgresCallsInDoubt(db, node),
                new PostgresJobRunStore(db, node, runsKeptPerJob, nodesGone),
                new PostgresDeadLetters(db),
                new PostgresDocumentStore(db));
    }
}
