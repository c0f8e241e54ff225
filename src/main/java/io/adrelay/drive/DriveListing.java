package io.adrelay.drive;

import java.util.ArrayList;
import java.util.List;

import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import org.apache.camel.Exchange;

/**
 * The steps of route drive-egress-list (bean driveListing): every page of one files.list, its files as the body.
 * Each page is one call through drive-egress-call (which clears the Drive headers after it), so each page's
 * request is set again from what the listing keeps in an exchange property.
 */
public class DriveListing {

    /** Everything delivery needs to know of a file, and to tell a file still being written. */
    static final String FILE_FIELDS = "id,name,mimeType,size,md5Checksum,headRevisionId,modifiedTime,webViewLink,"
            + "imageMediaMetadata(width,height),videoMediaMetadata(width,height)";
    private static final String PROPERTY = "AdrelayDriveListing";
    private static final int PAGE_SIZE = 100;

    /** The listing's state: its query, the next page's token, the files so far. */
    private static final class Pages {
        final String q;
        final List<File> files = new ArrayList<>();
        String token;
        boolean read;

        Pages(String q) {
            this.q = q;
        }
    }

    /** A new listing of the query the caller set (DriveRequests.filesIn or folderNamed). */
    public void start(Exchange e) {
        String q = e.getIn().getHeader(DriveRequests.Q, String.class);
        if (q == null) {
            throw new IllegalArgumentException("a Drive listing needs header " + DriveRequests.Q);
        }
        e.setProperty(PROPERTY, new Pages(q));
    }

    /** Until the page without a next page token. */
    public boolean more(Exchange e) {
        Pages pages = pages(e);
        return !pages.read || pages.token != null;
    }

    public void nextPage(Exchange e) {
        Pages pages = pages(e);
        e.getIn().setHeader(DriveRoutes.METHOD, "list");
        e.getIn().setHeader(DriveRequests.Q, pages.q);
        e.getIn().setHeader(DriveRequests.FIELDS, "nextPageToken,files(" + FILE_FIELDS + ")");
        e.getIn().setHeader(DriveRequests.PAGE_SIZE, PAGE_SIZE);
        if (pages.token != null) {
            e.getIn().setHeader(DriveRequests.PAGE_TOKEN, pages.token);
        }
    }

    public void page(Exchange e) {
        Pages pages = pages(e);
        FileList page = e.getIn().getBody(FileList.class);
        if (page.getFiles() != null) {
            pages.files.addAll(page.getFiles());
        }
        pages.token = page.getNextPageToken();
        pages.read = true;
    }

    /** The files of every page, as the body. */
    public void files(Exchange e) {
        e.getIn().setBody(pages(e).files);
        e.getIn().removeHeader(DriveRoutes.METHOD);
        e.removeProperty(PROPERTY);
    }

    private static Pages pages(Exchange e) {
        return e.getProperty(PROPERTY, Pages.class);
    }
}
