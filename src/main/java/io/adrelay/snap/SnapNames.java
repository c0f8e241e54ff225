package io.adrelay.snap;

/** The Snap flow's header and exchange property names (routes/snap-*.camel.yaml spell them the same). */
public final class SnapNames {

    /** Header: the declared feed a firing of an upload schedule is for (a flow parameter, replayed from dead letters). */
    public static final String FEED = "AdrelayFeed";
    /** Exchange property: the upload being followed. */
    public static final String UPLOAD = "AdrelaySnapUpload";
    /** Exchange property: Snap's latest status of the upload being followed (COMPLETE, ERRORED, or still running). */
    public static final String UPLOAD_STATUS = "AdrelaySnapUploadStatus";
    /** Exchange property: milliseconds to wait before the next look at the upload. */
    public static final String POLL_DELAY = "AdrelaySnapPollDelay";

    private SnapNames() {
    }
}
