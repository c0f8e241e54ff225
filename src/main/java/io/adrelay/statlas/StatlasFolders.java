package io.adrelay.statlas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.drive.model.File;
import io.adrelay.drive.DriveRequests;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps that prepare a batch's Drive folders (bean statlasFolders, routes/statlas-fetch-batch.camel.yaml):
 * &lt;batch_code&gt;/&lt;ad_code&gt;/ for every ad under STATLAS_DRIVE_FOLDER_ID, each found by name or created,
 * so preparing twice is harmless; the folders' ids and links then recorded in the batch's registry entry.
 */
public class StatlasFolders {

    /** Exchange property: the folder the next find-or-create looks for. */
    static final String WANTED = "AdrelayDriveFolder";
    /** Exchange property: the folders found or made so far. */
    static final String LAYOUT = "AdrelayDriveLayout";
    private static final Logger LOG = LoggerFactory.getLogger(StatlasFolders.class);

    private final StatlasBatchRegistry registry;
    private final StatlasBatchLocks locks;
    private final String rootFolderId;

    /** One folder to find by name under its parent, or make. */
    record Wanted(String parentId, String name) {
    }

    /** The batch's folder and its ads' folders, by ad number. */
    static final class Layout {
        String batchFolderId;
        final Map<String, StatlasBatchEntry.AdFolder> ads = new LinkedHashMap<>();
    }

    StatlasFolders(StatlasBatchRegistry registry, StatlasBatchLocks locks, String rootFolderId) {
        this.registry = registry;
        this.locks = locks;
        this.rootFolderId = rootFolderId;
    }

    /**
     * The batch's lock (as its delivery's), held until the exchange completes: the event route and the poll may both
     * prepare a new batch, and two would make two folders.
     */
    public void hold(Exchange e) {
        locks.hold(e, e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class), done -> { });
    }

    /** The batch's folder, &lt;batch_code&gt; under the root folder. */
    public void batchFolder(Exchange e) {
        e.setProperty(LAYOUT, new Layout());
        e.setProperty(WANTED, new Wanted(rootFolderId, batch(e).path("batch_code").asText()));
    }

    /** It is found or made. */
    public void batchFolderFound(Exchange e) {
        e.getProperty(LAYOUT, Layout.class).batchFolderId = e.getIn().getBody(File.class).getId();
    }

    /** The batch's ad numbers, as the body. */
    public List<String> ads(Exchange e) {
        return registry.find(batchId(e)).orElseThrow().adNumbers();
    }

    /** The ad's folder (header AdrelayAdNo), &lt;ad_code&gt; under the batch's. */
    public void adFolder(Exchange e) {
        String adNo = e.getIn().getHeader(StatlasHeaders.AD_NO, String.class);
        JsonNode ad = registry.find(batchId(e)).orElseThrow().ad(adNo);
        e.setProperty(WANTED, new Wanted(e.getProperty(LAYOUT, Layout.class).batchFolderId, ad.path("ad_code").asText()));
    }

    public void adFolderFound(Exchange e) {
        File folder = e.getIn().getBody(File.class);
        e.getProperty(LAYOUT, Layout.class).ads.put(e.getIn().getHeader(StatlasHeaders.AD_NO, String.class),
                new StatlasBatchEntry.AdFolder(folder.getId(), folder.getWebViewLink()));
    }

    /** The folders' ids and links, in the batch's registry entry. */
    public void record(Exchange e) {
        Layout layout = e.getProperty(LAYOUT, Layout.class);
        registry.update(batchId(e), entry -> entry.withDrive(new StatlasBatchEntry.DriveLayout(layout.batchFolderId, layout.ads)));
        LOG.info("Statlas batch {}: Drive folders ready under {}", batchId(e), batch(e).path("batch_code").asText());
    }

    // --- one folder found or made (route statlas-fetch-batch-drive-folder) --------------------------

    /** files.list: a folder of the wanted name under its parent. */
    public void findRequest(Exchange e) {
        Wanted wanted = e.getProperty(WANTED, Wanted.class);
        DriveRequests.folderNamed(e, wanted.parentId(), wanted.name());
    }

    /** None is there. */
    public boolean missing(Exchange e) {
        return e.getIn().getBody(List.class).isEmpty();
    }

    /** files.create: the wanted folder. */
    public void createRequest(Exchange e) {
        Wanted wanted = e.getProperty(WANTED, Wanted.class);
        DriveRequests.createFolder(e, wanted.parentId(), wanted.name());
    }

    /** The folder, found (the first of the listing) or made (the create's answer), as the body. */
    public void found(Exchange e) {
        Object body = e.getIn().getBody();
        e.getIn().setBody(body instanceof List<?> listed ? listed.get(0) : body);
    }

    private static String batchId(Exchange e) {
        return e.getIn().getHeader(StatlasHeaders.BATCH_ID, String.class);
    }

    private JsonNode batch(Exchange e) {
        return registry.find(batchId(e)).orElseThrow().batch();
    }
}
