package io.adrelay.snap;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;

/** Snap's state records as the JSON files of the data dir (written atomically, an absent file read as an empty object). */
final class SnapStateFiles {

    private SnapStateFiles() {
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(DataDirectory.readObject(file), type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static void write(Path file, Object record) {
        DataDirectory.writeObject(file, Json.MAPPER.valueToTree(record));
    }
}
