package io.adrelay.common.storage.references;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on state/&lt;api&gt;/references/&lt;resource&gt;.properties, and the files as earlier releases wrote them. */
class FileReferenceStoreTest extends ReferenceStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ReferenceStore store() {
        return new FileReferenceStore(dir);
    }

    @Override
    protected ReferenceStore reopened() {
        return new FileReferenceStore(dir);
    }

    @Test
    void aFileWrittenBeforeTheSeamIsReadAndKeptInItsPlace() throws Exception {
        // as ApisyncReferences wrote it under state/apisync/references/ before the reference store
        Properties earlier = new Properties();
        earlier.setProperty("xmas sale", "c-1");
        StringWriter text = new StringWriter();
        earlier.store(text, "APISync ids by reference_id: campaigns");
        Path file = dir.resolve("apisync/references/campaigns.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.toString());

        ReferenceStore store = store();
        assertEquals(Optional.of("c-1"), store.idOf("apisync/campaigns", "xmas sale"));
        store.remember("apisync/campaigns", "summer", "c-2");

        Properties now = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            now.load(in);
        }
        assertEquals("c-1", now.getProperty("xmas sale"));
        assertEquals("c-2", now.getProperty("summer"));
    }
}
