package io.adrelay.common.storage.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on state/&lt;name&gt;.json, and the files as earlier releases wrote and read them. */
class FileDocumentStoreTest extends DocumentStoreContract {

    @TempDir
    Path dir;

    @Override
    protected DocumentStore store() {
        return new FileDocumentStore(dir);
    }

    @Override
    protected DocumentStore reopened() {
        return new FileDocumentStore(dir);
    }

    @Test
    void aDocumentIsAPrettyJsonFileAndNoTempFileIsLeft() throws Exception {
        store().write("snap/uploads/demo", Json.MAPPER.createObjectNode().put("pending", "u-1"));
        assertEquals("{\n  \"pending\" : \"u-1\"\n}", Files.readString(dir.resolve("snap/uploads/demo.json")));
        try (Stream<Path> files = Files.list(dir.resolve("snap/uploads"))) {
            assertEquals(List.of("demo.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void aFileWrittenBeforeTheSeamIsReadAndTempFilesAreNotListed() throws Exception {
        Files.createDirectories(dir.resolve("statlas/batches"));
        Files.writeString(dir.resolve("statlas/batches/BAT001.json"), "{\"batch_id\":\"BAT001\"}");
        Files.writeString(dir.resolve("statlas/batches/.BAT002.json.17.tmp"), "{\"half");
        assertEquals("BAT001", store().read("statlas/batches/BAT001").path("batch_id").asText());
        assertEquals(List.of("statlas/batches/BAT001"), store().list("statlas/batches"));
    }
}
