package io.adrelay.apisync;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import io.adrelay.common.storage.DataDirectory;


/**
 * Which APISync id each reference_id got, per resource, kept under state/apisync/references/ so a
 * relationship given by reference_id resolves without listing the API every time.
 */
final class ApisyncReferences {

    private final Path dir;
    private final Map<String, Properties> byResource = new ConcurrentHashMap<>();

    ApisyncReferences(Path dir) {
        this.dir = dir;
    }

    Optional<String> idOf(String resource, String referenceId) {
        return Optional.ofNullable(load(resource).getProperty(referenceId));
    }

    synchronized void remember(String resource, String referenceId, String id) {
        Properties ids = load(resource);
        if (id.equals(ids.getProperty(referenceId))) {
            return;
        }
        ids.setProperty(referenceId, id);
        StringWriter out = new StringWriter();
        try {
            ids.store(out, "APISync ids by reference_id: " + resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataDirectory.writeAtomically(file(resource), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Properties load(String resource) {
        return byResource.computeIfAbsent(resource, r -> {
            Properties ids = new Properties();
            if (Files.exists(file(r))) {
                try (Reader in = Files.newBufferedReader(file(r))) {
                    ids.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ids;
        });
    }

    private Path file(String resource) {
        return dir.resolve(resource + ".properties");
    }
}
