package io.adrelay.apisync;

/**
 * The header and exchange property names of the APISync flow, spelled as the YAML routes spell them.
 * Headers are the parameters of a record's sync (kept in its dead letter and replayed); properties
 * are what one step of the sync leaves for the next; variables hold the record and what APISync answered.
 */
final class ApisyncNames {

    /** Header: the request a record belongs to. */
    static final String TRACKING_ID = "AdrelayTrackingId";
    /** Header: the resource's path (inventory-items, campaigns, ad-sets, ads); set per inbox and per stored request. */
    static final String RESOURCE = "AdrelayResource";
    /** Header: the record's place in its request. */
    static final String INDEX = "AdrelayRecordIndex";
    /** Property: the APISync id a record names (an update), absent for a create. */
    static final String RECORD_ID = "AdrelayRecordId";
    /** Property: the service a record's ads run on (an ad set's own, or its campaign's once read). */
    static final String SERVICE = "AdrelayService";
    /** Property: the parent's APISync id. */
    static final String PARENT_ID = "AdrelayParentId";
    /** Property: the parent as APISync listed it, when it had to be looked up by reference_id. */
    static final String PARENT = "AdrelayParent";
    /** Property: the page of the parent's list to look for it in next (a path, or a links.next URL); absent when none. */
    static final String PARENT_PAGE = "AdrelayParentPage";
    /** Property: the record's outcome (an {@link ApisyncOutcome}). */
    static final String OUTCOME = "AdrelayRecordOutcome";

    /** Variable: the record as read, snake_case (the body becomes the request). */
    static final String RECORD = "record";
    /** Variable: a page of the parent's list, as APISync answered it. */
    static final String PAGE = "page";
    /** Variable: an ad set's campaign, as APISync answered it. */
    static final String CAMPAIGN = "campaign";

    private ApisyncNames() {
    }
}
