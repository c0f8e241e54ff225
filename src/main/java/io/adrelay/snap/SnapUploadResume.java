package io.adrelay.snap;

import java.util.List;
import java.util.Map;

import io.adrelay.ops.CatchUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.documents.DocumentStore;

/**
 * At start (bean snapUploadResume of routes/snap-resume-uploads.camel.yaml): each feed upload that was in progress when
 * adrelay last stopped (state/snap/uploads/&lt;feed&gt;.json holds it as pending) is followed at once, as a run of the
 * feed's job (trigger catch-up, bean catchUpRuns), rather than at the schedule's next firing, maybe an hour away. This
 * bean only says which; the route sends each to direct:snap-upload-feed. The firing finds the
 * pending upload and follows it: Snap is not asked for a new one.
 */
public class SnapUploadResume {

    private static final Logger LOG = LoggerFactory.getLogger(SnapUploadResume.class);
    /** The documents of the uploads being followed, one per feed: snap/uploads/&lt;feed&gt;. */
    static final String UPLOADS = "snap/uploads";

    private final SnapCatalogs catalogs;
    private final DocumentStore documents;

    SnapUploadResume(SnapCatalogs catalogs, DocumentStore documents) {
        this.catalogs = catalogs;
        this.documents = documents;
    }

    /** The declared feeds with an upload in progress; one no longer declared is said once and left. */
    public List<String> inProgress() {
        return documents.list(UPLOADS).stream().map(name -> name.substring(UPLOADS.length() + 1))
                .filter(this::pending).sorted().toList();
    }

    private boolean pending(String feed) {
        SnapUploadMemory.Pending pending = SnapStateFiles.read(documents.document(UPLOADS + "/" + feed), SnapUploadMemory.class).pending();
        if (pending == null) {
            return false;
        }
        if (catalogs.declaration().feed(feed) == null) {
            LOG.warn("Snap feed {}: upload {} was in progress at the last stop, but the feed is no longer declared; not followed",
                    feed, pending.uploadId());
            return false;
        }
        return true;
    }

    /** Each upload in progress as a run of its feed's job (header AdrelayFeed): the route sends each to the upload. */
    public List<CatchUp> runs() {
        return inProgress().stream().map(feed -> new CatchUp(SnapUploadSchedules.routeId(feed), Map.of(), Map.of(SnapNames.FEED, feed)))
                .toList();
    }
}
