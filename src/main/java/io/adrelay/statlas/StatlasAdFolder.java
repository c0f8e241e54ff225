package io.adrelay.statlas;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.api.services.drive.model.File;

/**
 * One ad's Drive folder as seen by one poll: its assets of the ad's kind (videos for video ads,
 * images for static ads) and its copy.json. Ready when both are there; stable when no file's size
 * or revision changed since the previous poll (a file still being written changes between polls).
 */
record StatlasAdFolder(int adNo, String adType, String folderUrl, List<File> assets, File copy) {

    static final String COPY = "copy.json";

    static StatlasAdFolder of(int adNo, String adType, String folderUrl, List<File> files) {
        String kind = "video".equals(adType) ? "video/" : "image/";
        List<File> assets = files.stream().filter(f -> f.getMimeType() != null && f.getMimeType().startsWith(kind)).toList();
        File copy = files.stream().filter(f -> COPY.equals(f.getName())).findFirst().orElse(null);
        return new StatlasAdFolder(adNo, adType, folderUrl, assets, copy);
    }

    boolean ready() {
        return !assets.isEmpty() && copy != null;
    }

    /** file id -> "size:revision" of everything that is delivered (assets and copy). */
    Map<String, String> fingerprint() {
        return files().stream().collect(Collectors.toMap(File::getId, f -> f.getSize() + ":" + f.getHeadRevisionId()));
    }

    /** Idempotency keys: one per (file id, revision). */
    List<String> deliveryKeys() {
        return files().stream().map(f -> f.getId() + ":" + f.getHeadRevisionId()).toList();
    }

    private List<File> files() {
        return copy == null ? assets : java.util.stream.Stream.concat(assets.stream(), java.util.stream.Stream.of(copy)).toList();
    }
}
