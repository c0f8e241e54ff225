package io.adrelay.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StateStores;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.documents.FileDocumentStore;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.intake.IntakeStores;
import io.adrelay.common.storage.ledger.FileCallsInDoubt;
import io.adrelay.common.storage.ledger.FileEffectLedger;
import io.adrelay.common.storage.references.FileReferenceStore;
import io.adrelay.common.storage.runs.FileJobRunStore;

/**
 * The embedded default: every kind of state as files in the data dir, for one process (DataDirLock).
 * <pre>
 * state/&lt;api&gt;/&lt;queue&gt;/journal/      intake (state/statlas/events, state/apisync/requests): pending ones in a
 *                                        journal, retired ones .done/&lt;id&gt;.json, .error/&lt;id&gt;.json
 * state/idempotency/&lt;effect&gt;.dat         effects done, one key a line
 * state/egress/sent/&lt;hash&gt;.json          calls in doubt
 * state/ops/runs/&lt;job&gt;/&lt;run_id&gt;.json    job-run history
 * dead-letter/&lt;api&gt;/&lt;id&gt;.json           dead letters (replayed: .replayed/)
 * state/&lt;name&gt;.json                      documents (state/snap/catalogs.json, state/statlas/batches/&lt;id&gt;.json)
 * state/&lt;api&gt;/references/&lt;r&gt;.properties  ids by reference (state/apisync/references/campaigns.properties)
 * </pre>
 */
final class EmbeddedStateStores {

    private EmbeddedStateStores() {
    }

    static StateStores create(DataDirectory data, int idempotencyCacheSize, int runsKeptPerJob) {
        return new StateStores(
                intake(data),
                new FileEffectLedger(data.state("idempotency"), idempotencyCacheSize),
                new FileCallsInDoubt(data.state("egress").resolve("sent")),
                new FileJobRunStore(data.state("ops").resolve("runs"), runsKeptPerJob),
                new FileDeadLetters(data.deadLetters()),
                new FileDocumentStore(data.root().resolve("state")),
                new FileReferenceStore(data.root().resolve("state")));
    }

    /** The intake queues as files, state/&lt;api&gt;/&lt;queue&gt;/: one store per queue, each keeps its pending ids in memory. */
    private static IntakeStores intake(DataDirectory data) {
        Map<String, FileIntakeStore> queues = new ConcurrentHashMap<>();
        return queue -> queues.computeIfAbsent(queue, q -> new FileIntakeStore(data.root().resolve("state").resolve(q)));
    }
}
