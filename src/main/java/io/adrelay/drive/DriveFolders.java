package io.adrelay.drive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** What the Statlas flow asks of Drive, each call through the Drive egress route: folders, their files, a file's content. */
public class DriveFolders {

    public static final String FOLDER = "application/vnd.google-apps.folder";
    /** Everything delivery needs to know of a file, and to tell a file still being written. */
    static final String FILE_FIELDS = "id,name,mimeType,size,md5Checksum,headRevisionId,modifiedTime,webViewLink,"
            + "imageMediaMetadata(width,height),videoMediaMetadata(width,height)";

    private final ProducerTemplate template;

    public DriveFolders(ProducerTemplate template) {
        this.template = template;
    }

    /** The folder called name under parent, created when missing (so preparing twice is harmless). */
    public File folder(String parentId, String name) {
        List<File> found = list("'" + parentId + "' in parents and trashed = false and mimeType = '" + FOLDER
                + "' and name = '" + name.replace("'", "\\'") + "'");
        if (!found.isEmpty()) {
            return found.get(0);
        }
        File folder = new File().setName(name).setMimeType(FOLDER).setParents(List.of(parentId));
        return (File) call("create", Map.of("CamelGoogleDrive.content", folder, "CamelGoogleDrive.fields", "id,name,webViewLink"))
                .getMessage().getBody();
    }

    /** The files (not folders) directly in a folder, every page, with the fields delivery needs. */
    public List<File> files(String folderId) {
        return list("'" + folderId + "' in parents and trashed = false and mimeType != '" + FOLDER + "'");
    }

    public byte[] content(String fileId) {
        return call("download", Map.of("CamelGoogleDrive.fileId", fileId)).getMessage().getBody(byte[].class);
    }

    private List<File> list(String q) {
        List<File> files = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, Object> headers = new java.util.HashMap<>(Map.of("CamelGoogleDrive.q", q,
                    "CamelGoogleDrive.fields", "nextPageToken,files(" + FILE_FIELDS + ")", "CamelGoogleDrive.pageSize", 100));
            if (pageToken != null) {
                headers.put("CamelGoogleDrive.pageToken", pageToken);
            }
            FileList page = (FileList) call("list", headers).getMessage().getBody();
            if (page.getFiles() != null) {
                files.addAll(page.getFiles());
            }
            pageToken = page.getNextPageToken();
        } while (pageToken != null);
        return files;
    }

    private Exchange call(String method, Map<String, Object> headers) {
        Exchange result = template.send("direct:drive-egress-call", e -> {
            e.getIn().setHeader(DriveRoutes.METHOD, method);
            e.getIn().getHeaders().putAll(headers);
        });
        if (result.getException() != null) {
            throw result.getException() instanceof RuntimeException r ? r : new IllegalStateException(result.getException());
        }
        return result;
    }
}
