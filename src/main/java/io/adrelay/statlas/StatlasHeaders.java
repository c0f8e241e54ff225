package io.adrelay.statlas;

/** The names the Statlas routes (YAML included, same literals) and beans share: headers are the flow's parameters. */
public final class StatlasHeaders {

    /** Header: the Statlas batch a step works on. */
    public static final String BATCH_ID = "AdrelayBatchId";
    /** Header: the batch's shop, which every Statlas call names. */
    public static final String SHOP = "AdrelayShop";
    /** Header: the webhook event's name (batch.created, ...), what the event router decides on. */
    public static final String EVENT = "AdrelayEvent";
    /** Header: the ad a dropped file belongs to. */
    public static final String AD_NO = "AdrelayAdNo";
    /** Header: a dropped file's name, as Statlas gets it. */
    public static final String ASSET_NAME = "AdrelayAssetName";
    /** Exchange property: the status whose GET /batches pages a reconciliation is reading. */
    public static final String STATUS = "AdrelayStatus";
    /** Exchange property: a reconciliation's {@link ReconcileProgress}. */
    public static final String RECONCILE = "AdrelayReconcile";

    private StatlasHeaders() {
    }
}
