package io.adrelay.common.storage;

import io.adrelay.common.storage.deadletters.DeadLetters;
import io.adrelay.common.storage.documents.DocumentStore;
import io.adrelay.common.storage.intake.IntakeStores;
import io.adrelay.common.storage.ledger.CallsInDoubt;
import io.adrelay.common.storage.ledger.EffectLedger;
import io.adrelay.common.storage.references.ReferenceStore;
import io.adrelay.common.storage.runs.JobRunStore;

/**
 * Every kind of state adrelay keeps, each behind its seam; the flows see only these interfaces (bound in the
 * registry by runtime/RuntimeSetup, which picks the implementation once, by profile).
 *
 * @param intake       requests stored before their 202, by queue
 * @param effects      the effects that are done
 * @param callsInDoubt the calls sent whose answer has not come yet
 * @param jobRuns      the job-run history
 * @param deadLetters  what failed after retries, replayable
 * @param documents    named JSON documents (the Statlas batch registry, Snap's state)
 * @param references   the ids an API gave each reference (APISync's ids by reference_id), one entry per reference
 */
public record StateStores(IntakeStores intake, EffectLedger effects, CallsInDoubt callsInDoubt, JobRunStore jobRuns,
                          DeadLetters deadLetters, DocumentStore documents,
                          ReferenceStore references) {
}
