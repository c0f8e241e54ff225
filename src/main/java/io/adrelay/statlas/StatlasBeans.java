package io.adrelay.statlas;

import io.adrelay.common.storage.ClusterLocks;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.DocumentStore;
import io.adrelay.common.storage.intake.IntakeStores;
import io.adrelay.common.storage.ledger.EffectLedger;

/**
 * The Statlas flow's beans, bound once, which the routes/statlas-*.camel.yaml routes call by name; lazy,
 * so each is made with the final settings (sandbox overrides included).
 */
@Configuration
public class StatlasBeans implements CamelConfiguration {

    /** The intake queue of the stored events (routes/statlas-receive-event.camel.yaml reads it: intake:statlas/events). */
    /** The queue of stored Statlas events. */
    public static final String EVENTS = "statlas/events";

    @BindToRegistry(value = "statlasAuthorization", lazy = true)
    public StatlasAuthorization statlasAuthorization(@PropertyInject("statlas.api-key") String apiKey) {
        return new StatlasAuthorization(apiKey);
    }

    /** The one registry of batches: the event routes and the Drive poll share it (and its lock). */
    @BindToRegistry(value = "statlasBatchRegistry", lazy = true)
    public StatlasBatchRegistry statlasBatchRegistry(@BeanInject("documentStore") DocumentStore documents) {
        return new StatlasBatchRegistry(documents);
    }

    /** The webhook's checks (template adrelay-webhook-intake); its queue is the stored events. */
    @BindToRegistry(value = "statlasWebhookIntake", lazy = true)
    public WebhookIntake statlasWebhookIntake(CamelContext context, @BeanInject("intakeStores") IntakeStores intake) {
        return WebhookIntake.of(context, "statlas", intake.queue(EVENTS));
    }

    @BindToRegistry(value = "statlasEventInbox", lazy = true)
    public StatlasEventInbox statlasEventInbox(@BeanInject("statlasWebhookIntake") WebhookIntake webhook,
                                           @BeanInject("intakeStores") IntakeStores intake,
                                           @BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry) {
        return new StatlasEventInbox(webhook, intake.queue(EVENTS), registry);
    }

    /** The revision notices' writer: outbox/statlas/revisions/. */
    @BindToRegistry(value = "statlasRevisionNotices", lazy = true)
    public StatlasRevisionNotices statlasRevisionNotices(@BeanInject("dataDirectory") DataDirectory data) {
        return new StatlasRevisionNotices(data.outbox("statlas").resolve("revisions"));
    }

    /** One piece of work on a batch at a time: its delivery and its folders share the locks. */
    @BindToRegistry(value = "statlasBatchLocks", lazy = true)
    public StatlasBatchLocks statlasBatchLocks(@BeanInject("clusterLocks") ClusterLocks cluster) {
        return new StatlasBatchLocks(cluster);
    }

    @BindToRegistry(value = "statlasFolders", lazy = true)
    public StatlasFolders statlasFolders(@BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry,
                                         @BeanInject("statlasBatchLocks") StatlasBatchLocks locks,
                                         @PropertyInject("statlas.drive-folder-id") String rootFolderId) {
        return new StatlasFolders(registry, locks, rootFolderId);
    }

    @BindToRegistry(value = "statlasBatches", lazy = true)
    public StatlasBatches statlasBatches(@BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry) {
        return new StatlasBatches(registry);
    }

    @BindToRegistry(value = "statlasBatchView", lazy = true)
    public StatlasBatchView statlasBatchView(@BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry) {
        return new StatlasBatchView(registry);
    }

    @BindToRegistry(value = "statlasReconciliation", lazy = true)
    public StatlasReconciliation statlasReconciliation(@PropertyInject("statlas.reconcile.page-size") int pageSize) {
        return new StatlasReconciliation(pageSize);
    }

    @BindToRegistry(value = "statlasDelivery", lazy = true)
    public StatlasDelivery statlasDelivery(@BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry,
                                           @BeanInject("effectLedger") EffectLedger delivered,
                                           @BeanInject("statlasBatchLocks") StatlasBatchLocks locks) {
        return new StatlasDelivery(registry, delivered, locks);
    }

    @BindToRegistry(value = "statlasAssetDrop", lazy = true)
    public StatlasAssetDrop statlasAssetDrop(@BeanInject("statlasBatchRegistry") StatlasBatchRegistry registry,
                                          @PropertyInject("adrelay.inbox.statlas.max-bytes") long maxBytes) {
        return new StatlasAssetDrop(registry, maxBytes);
    }
}
