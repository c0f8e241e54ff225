package io.adrelay.apisync;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import io.adrelay.common.inbox.InboxWriters;
import io.adrelay.common.intake.JsonBody;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.documents.DocumentStore;
import io.adrelay.common.storage.intake.IntakeStores;
import io.adrelay.common.storage.references.ReferenceStore;

/**
 * The APISync flow's beans, bound once and called by name from routes/apisync-*.camel.yaml; lazy, so
 * each is made with the final settings (sandbox overrides included).
 */
@Configuration
public class ApisyncBeans implements CamelConfiguration {

    /** The queue of stored APISync requests. */
    public static final String REQUESTS = "apisync/requests";

    @BindToRegistry(value = "apisyncCreateCheck", lazy = true)
    public ApisyncCreateCheck apisyncCreateCheck() {
        return new ApisyncCreateCheck();
    }

    @BindToRegistry(value = "apisyncAuthorization", lazy = true)
    public ApisyncAuthorization apisyncAuthorization(@PropertyInject("apisync.api-token") String apiToken) {
        return new ApisyncAuthorization(apiToken);
    }

    @BindToRegistry(value = "apisyncRequests", lazy = true)
    public ApisyncRequests apisyncRequests(IntakeStores intake, DocumentStore documents, DataDirectory data) {
        return new ApisyncRequests(intake.queue(REQUESTS), documents, data);
    }

    @BindToRegistry(value = "apisyncDrain", lazy = true)
    public ApisyncDrain apisyncDrain(ApisyncRequests requests, DiskSpace disk, @PropertyInject("adrelay.intake.lease-ms") long leaseMillis) {
        return new ApisyncDrain(requests, disk, java.time.Duration.ofMillis(leaseMillis));
    }

    @BindToRegistry(value = "apisyncWebhookIntake", lazy = true)
    public WebhookIntake apisyncWebhookIntake(CamelContext context, ApisyncRequests requests) {
        return WebhookIntake.of(context, "apisync", requests.pending());
    }

    @BindToRegistry(value = "apisyncIntake", lazy = true)
    public ApisyncIntake apisyncIntake(ApisyncRequests requests, ApisyncDrain drain, JsonBody json,
                                       @BeanInject("apisyncWebhookIntake") WebhookIntake webhook,
                                       @PropertyInject("adrelay.webhook.max-records") int maxRecords,
                                       @PropertyInject("adrelay.inbox.apisync.max-bytes") long maxFileBytes,
                                       @PropertyInject("adrelay.inbox.apisync.max-records") int fileMaxRecords,
                                       @PropertyInject("adrelay.webhook.max-string-chars") int maxFieldChars) {
        return new ApisyncIntake(requests, drain, webhook, json, maxRecords, maxFileBytes, fileMaxRecords, maxFieldChars,
                InboxWriters.shared());
    }

    @BindToRegistry(value = "apisyncOutcomes", lazy = true)
    public ApisyncOutcomes apisyncOutcomes(ApisyncRequests requests, ApisyncDrain drain,
                                           @BeanInject("apisyncWebhookIntake") WebhookIntake webhook) {
        return new ApisyncOutcomes(requests, drain, webhook);
    }

    @BindToRegistry(value = "apisyncRecordSync", lazy = true)
    public ApisyncRecordSync apisyncRecordSync(ReferenceStore references) {
        return new ApisyncRecordSync(new ApisyncReferences(references));
    }
}
