package io.adrelay.statlas;

import java.io.File;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;

/**
 * A file dropped in inbox/statlas/&lt;batch_id&gt;/&lt;ad_no&gt;/ (bean statlasAssetDrop; the flow is
 * routes/statlas-upload-asset.camel.yaml): checked, the ad read as Statlas shows it, then sent as
 * POST /batches/{batch_id}/ads/{ad_no}/assets. Statlas numbers each upload of an ad as a revision: should the
 * upload's answer be lost, the ad's revision tells whether Statlas took it, so the file is never uploaded twice.
 */
public class StatlasAssetDrop {

    /** The check of a lost upload's answer (routes/statlas-upload-asset.camel.yaml). */
    static final String FIND_UPLOAD = "direct:statlas-find-upload";
    /** Variable holding the batch as Statlas showed it before the upload. */
    static final String BATCH = "batch";

    private static final Logger LOG = LoggerFactory.getLogger(StatlasAssetDrop.class);

    private final StatlasBatchRegistry registry;
    private final long maxBytes;

    StatlasAssetDrop(StatlasBatchRegistry registry, long maxBytes) {
        this.registry = registry;
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
        e.getIn().setHeader(StatlasHeaders.ASSET_NAME, path[2]);
    }

    /** GET /batches/{batch_id}?shop=: the ad as Statlas shows it (before the upload, and when looking for a lost one). */
    public void batchRequest(Exchange e) {
        EgressCall.get(e, "/batches/" + e.getIn().getHeader(StatlasHeaders.BATCH_ID),
                "shop=" + e.getIn().getHeader(StatlasHeaders.SHOP));
    }

    /**
     * The upload, streamed from the file (an asset is never held in memory whole), naming its effect: this drop
     * (path, size, time) as one upload, looked for by the ad's revision should the answer be lost.
     */
    public void uploadRequest(Exchange e) {
        String batchId = e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class);
        String adNo = e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
        String name = e.getIn().getHeader(StatlasHeaders.ASSET_NAME, String.class);
        File file = e.getIn().getBody(File.class);
        long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        Object entity = MultipartEntityBuilder.create()
                .addPart("file", new StatlasAssetBody(file, length, name))
                .addTextBody("shop", e.getIn().getHeader(StatlasHeaders.SHOP, String.class)).addTextBody("name", name).build();
        EgressCall.request(e, "POST", "/batches/" + batchId + "/ads/" + adNo + "/assets", null, entity);
        e.getIn().setHeader(SentEffects.EFFECT, "statlas-upload " + batchId + "/" + adNo + "/" + name + " (" + length
                + " bytes, modified " + file.lastModified() + ")");
        e.getIn().setHeader(SentEffects.CHECK, FIND_UPLOAD);
        JsonNode revision = ad(e.getVariable(BATCH), adNo).path("revision_no");
        e.getIn().setHeader(SentEffects.BASELINE, revision.isMissingNode() ? "" : revision.asText());
    }

    /**
     * A lost upload's check, given the batch as Statlas shows it now: a revision of the ad newer than the one
     * before the upload is the upload. Without a revision to compare, whether Statlas took it cannot be told.
     */
    public void findUpload(Exchange e) {
        String adNo = e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
        JsonNode revision = ad(e.getIn().getBody(), adNo).path("revision_no");
        String before = e.getProperty(SentEffects.SENT_BASELINE, "", String.class);
        if (!revision.canConvertToInt()) {
            e.setProperty(SentEffects.FOUND, "unknown");
            return;
        }
        boolean taken = before.isEmpty() || revision.asInt() > Integer.parseInt(before);
        e.setProperty(SentEffects.FOUND, taken ? "yes" : "no");
        e.getIn().setBody(Json.MAPPER.createObjectNode().put("success", true).set("asset", Json.MAPPER.createObjectNode()
                .put("batch_id", e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class)).put("ad_no", Integer.parseInt(adNo))
                .put("name", e.getIn().getHeader(StatlasHeaders.ASSET_NAME, String.class)).put("revision_no", revision.asInt())));
    }

    public void uploaded(Exchange e) {
        JsonNode asset = EgressCall.json(e).path("asset");
        LOG.info("Statlas asset {} uploaded to {} ad {}: revision {}", e.getIn().getHeader(StatlasHeaders.ASSET_NAME),
                e.getIn().getHeader(StatlasHeaders.BATCH_ID), e.getIn().getHeader(StatlasHeaders.AD_NO), asset.path("revision_no").asText());
    }

    private static JsonNode ad(Object batch, String adNo) {
        JsonNode json = EgressCall.json(batch);
        for (JsonNode ad : json.path("ads")) {
            if (ad.path("ad_no").asText().equals(adNo)) {
                return ad;
            }
        }
        return Json.MAPPER.missingNode();
    }
}
