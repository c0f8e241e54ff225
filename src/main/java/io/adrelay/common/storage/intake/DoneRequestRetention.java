package io.adrelay.common.storage.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Forgets the done requests of the intake queues once they are older than adrelay.intake.done-kept-days: the record
 * of what was done (a line per request in the data dir, a row in the cluster's database) would otherwise grow for as
 * long as webhooks come. 0 keeps them for ever. Called by the route adrelay-forget-done-requests.
 */
public final class DoneRequestRetention {

    private final IntakeStores stores;
    private final List<String> queues;
    private final Duration kept;
    private final Clock clock;

    public DoneRequestRetention(IntakeStores stores, List<String> queues, int keptDays, Clock clock) {
        this.stores = stores;
        this.queues = List.copyOf(queues);
        this.kept = keptDays > 0 ? Duration.ofDays(keptDays) : null;
        this.clock = clock;
    }

    /** Each queue forgets what it retired before the kept days. */
    public void forgetExpired() {
        if (kept == null) {
            return;
        }
        Instant before = clock.instant().minus(kept);
        for (String queue : queues) {
            stores.queue(queue).forgetDoneBefore(before);
        }
    }
}
