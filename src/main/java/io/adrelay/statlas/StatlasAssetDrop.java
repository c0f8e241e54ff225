package io.adrelay.statlas;

import java.io.File;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.EgressCall;
import io.adrelay.common.InvalidInputException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file dropped in inbox/statlas/<batch_id>/<ad_no>/ (bean statlasAssets): checked, then sent as
 * POST /batches/{batch_id}/ads/{ad_no}/assets.
 */
public class StatlasAssetDrop {

    private static final Logger LOG = LoggerFactory.getLogger(StatlasAssetDrop.class);

    private final StatlasBatchRegistry registry;
    private final ProducerTemplate template;
    private final long maxBytes;

    StatlasAssetDrop(StatlasBatchRegistry registry, ProducerTemplate template, long maxBytes) {
        this.registry = registry;
        this.template = template;
        this.maxBytes = maxBytes;
    }

    /** Where it was dropped, how big it is, and whether adrelay knows the batch; names batch, ad and shop in headers. */
    public void check(Exchange e) {
        String[] path = e.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/').split("/");
        if (path.length != 3 || !path[1].matches("\\d+")) {
            throw new InvalidInputException("drop files as inbox/statlas/<batch_id>/<ad_no>/<file>, not " + String.join("/", path));
        }
        long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxBytes) {
            throw new InvalidInputException(path[2] + " has " + length + " bytes, more than adrelay.inbox.statlas.max-bytes (" + maxBytes + ")");
        }
        String shop = registry.shop(path[0]).orElseThrow(() ->
                new InvalidInputException("batch " + path[0] + " is unknown to adrelay: wait for its batch.created or reconciliation"));
        e.getIn().setHeader(StatlasHeaders.BATCH_ID, path[0]);
        e.getIn().setHeader(StatlasHeaders.AD_NO, path[1]);
        e.getIn().setHeader(StatlasHeaders.SHOP, shop);
    }

    /**
     * The upload, streamed from the file (an asset is never held in memory whole). Sent on an exchange
     * of its own: the drop's file headers stay for its .error/ reason file if Statlas refuses it.
     */
    public void upload(Exchange e) {
        String batchId = e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class);
        String adNo = e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Object entity = MultipartEntityBuilder.create()
                .addPart("file", new StatlasAssetBody(e.getIn().getBody(File.class), e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class), name))
                .addTextBody("shop", e.getIn().getHeader(StatlasHeaders.SHOP, String.class)).addTextBody("name", name).build();
        JsonNode answer = EgressCall.json(EgressCall.send(template, "direct:statlas-egress-upload", "POST",
                "/batches/" + batchId + "/ads/" + adNo + "/assets", null, entity));
        LOG.info("Statlas asset {} uploaded to {} ad {}: {}", name, batchId, adNo, answer.path("asset").path("url").asText());
    }
}
