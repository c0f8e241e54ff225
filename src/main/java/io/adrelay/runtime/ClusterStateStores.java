package io.adrelay.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.adrelay.common.storage.NodesGone;
import io.adrelay.common.storage.StateStores;
import io.adrelay.common.storage.deadletters.PostgresDeadLetters;
import io.adrelay.common.storage.intake.IntakeStore;
import io.adrelay.common.storage.intake.PostgresIntakeStore;
import io.adrelay.common.storage.documents.PostgresDocumentStore;
import io.adrelay.common.storage.ledger.PostgresCallsInDoubt;
import io.adrelay.common.storage.ledger.PostgresEffectLedger;
import io.adrelay.common.storage.references.PostgresReferenceStore;
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
 * adrelay_intake            the webhooks' intake queues (stored before the 202; claimed by any node, with a lease)
 * adrelay_references        the ids an API gave each reference (APISync's ids by reference_id), one row per reference
 * </pre>
 */
final class ClusterStateStores {

    private ClusterStateStores() {
    }

    static StateStores create(DataSource db, String node, NodesGone nodesGone, int runsKeptPerJob) {
        // one store per queue; claims carry the node's name (a node restarted under its name takes its claims back at once)
        Map<String, IntakeStore> queues = new ConcurrentHashMap<>();
        return new StateStores(
                queue -> queues.computeIfAbsent(queue, q -> new PostgresIntakeStore(db, q, node)),
                new PostgresEffectLedger(db, node),
                new PostgresCallsInDoubt(db, node),
                new PostgresJobRunStore(db, node, runsKeptPerJob, nodesGone),
                new PostgresDeadLetters(db),
                new PostgresDocumentStore(db),
                new PostgresReferenceStore(db, node));
    }
}
