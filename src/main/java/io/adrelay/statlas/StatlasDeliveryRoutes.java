package io.adrelay.statlas;

import io.adrelay.common.DataDirectory;
import io.adrelay.common.Flow;
import io.adrelay.common.IdempotencyStore;
import io.adrelay.common.Settings;
import io.adrelay.drive.DriveFolders;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * Drive to Statlas: folders prepared when a batch is registered; each poll (routes/statlas-deliver-batch.camel.yaml)
 * looks at every open batch and delivers what is ready. A batch whose delivery failed for good is
 * paused until its dead letter is replayed, so a refused delivery is not retried every poll.
 */
public class StatlasDeliveryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = new Settings(getContext());
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        StatlasBatchRegistry registry = new StatlasBatchRegistry(data.state("statlas").resolve("batches"));
        StatlasDelivery delivery = new StatlasDelivery(registry, new DriveFolders(getContext().createProducerTemplate()),
                getContext().getRegistry().findSingleByType(IdempotencyStore.class), getContext().createProducerTemplate(),
                settings.get("statlas.drive-folder-id"));

        from("direct:statlas-prepare-folders").routeId("statlas-prepare-folders").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("statlas"))
                .setProperty(Flow.REPLAY_URI, constant("direct:statlas-prepare-folders"))
                .process(e -> delivery.prepareFolders(e.getIn().getHeader(StatlasRoutes.BATCH_ID, String.class)));

        from("direct:statlas-deliver-batch").routeId("statlas-deliver-batch-core")
                .process(e -> e.getIn().setBody(registry.open().stream().filter(b -> !b.has("paused"))
                        .map(b -> b.path("batch_id").asText()).toList()))
                .split(body())
                    .setHeader(StatlasRoutes.BATCH_ID, body())
                    .to("direct:statlas-deliver-one")
                .end();

        Processor pause = e -> registry.update(e.getIn().getHeader(StatlasRoutes.BATCH_ID, String.class),
                entry -> entry.put("paused", "dead letter " + e.getProperty(Flow.DEAD_LETTER_ID, String.class)));
        from("direct:statlas-deliver-one").routeId("statlas-deliver-one").routeConfigurationId("http-api")
                .setProperty(Flow.API, constant("statlas"))
                .setProperty(Flow.REPLAY_URI, constant("direct:statlas-redeliver-batch"))
                .setProperty(Flow.ON_DEAD_LETTER, constant(pause))
                .process(e -> {
                    String id = e.getIn().getHeader(StatlasRoutes.BATCH_ID, String.class);
                    String did = delivery.poll(registry.find(id).orElseThrow());
                    log.debug("Statlas batch {}: {}", id, did);
                });

        // a replayed dead letter: the batch polls again
        from("direct:statlas-redeliver-batch").routeId("statlas-redeliver-batch")
                .process(e -> registry.update(e.getIn().getHeader(StatlasRoutes.BATCH_ID, String.class), entry -> entry.remove("paused")))
                .to("direct:statlas-deliver-one");
    }
}
