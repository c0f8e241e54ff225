package io.adrelay.drive;

import java.util.List;

import com.google.api.services.drive.model.File;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;

/**
 * The Drive call a flow's route sends next, set by its bean (as {@code EgressCall.request} for the HTTP APIs):
 * {@code to: direct:drive-egress-list}, {@code -create} or {@code -download} follows.
 */
public final class DriveRequests {

    public static final String FOLDER = "application/vnd.google-apps.folder";
    static final String Q = "CamelGoogleDrive.q";
    static final String FIELDS = "CamelGoogleDrive.fields";
    static final String PAGE_SIZE = "CamelGoogleDrive.pageSize";
    static final String PAGE_TOKEN = "CamelGoogleDrive.pageToken";
    static final String CONTENT = "CamelGoogleDrive.content";
    static final String FILE_ID = "CamelGoogleDrive.fileId";

    private DriveRequests() {
    }

    /** files.list: the files (not folders) directly in a folder. */
    public static void filesIn(Exchange e, String folderId) {
        e.getIn().setHeader(Q, "'" + folderId + "' in parents and trashed = false and mimeType != '" + FOLDER + "'");
    }

    /** files.list: the folder called name under parent. */
    public static void folderNamed(Exchange e, String parentId, String name) {
        e.getIn().setHeader(Q, "'" + parentId + "' in parents and trashed = false and mimeType = '" + FOLDER
                + "' and name = '" + name.replace("'", "\\'") + "'");
    }

    /** files.create: a folder called name under parent, answered with its id, name and link. */
    public static void createFolder(Exchange e, String parentId, String name) {
        e.getIn().setHeader(CONTENT, new File().setName(name).setMimeType(FOLDER).setParents(List.of(parentId)));
        e.getIn().setHeader(FIELDS, "id,name,webViewLink");
    }

    /** files.get with media: a file's content, as bytes. */
    public static void download(Exchange e, String fileId) {
        e.getIn().setHeader(FILE_ID, fileId);
    }
}
