package io.adrelay.common.storage.references;

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
 * The embedded references: kind {@code <api>/<resource>} in state/&lt;api&gt;/references/&lt;resource&gt;.properties
 * (reference=id), read once and kept in memory, each remember rewriting its file whole (temp file, fsync, rename). Safe
 * because one process owns the data dir (DataDirLock); the cluster keeps its references in PostgreSQL.
 */
public class FileReferenceStore implements ReferenceStore {

    private final Path state;
    private final Map<String, Properties> byKind = new ConcurrentHashMap<>();

    /** {@code state}: the data dir's state/ directory. */
    public FileReferenceStore(Path state) {
        this.state = state;
    }

    @Override
    public Optional<String> idOf(String kind, String reference) {
        return Optional.ofNullable(load(kind).getProperty(reference));
    }

    @Override
    public synchronized void remember(String kind, String reference, String id) {
        Properties ids = load(kind);
        if (id.equals(ids.getProperty(reference))) {
            return;
        }
        ids.setProperty(reference, id);
        StringWriter out = new StringWriter();
        try {
            ids.store(out, "ids by reference: " + kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataDirectory.writeAtomically(file(kind), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Properties load(String kind) {
        return byKind.computeIfAbsent(ReferenceKinds.checked(kind), k -> {
            Properties ids = new Properties();
            Path file = file(k);
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    ids.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file, e);
                }
            }
            return ids;
        });
    }

    private Path file(String kind) {
        int slash = kind.indexOf('/');
        return state.resolve(kind.substring(0, slash)).resolve("references").resolve(kind.substring(slash + 1) + ".properties");
    }
}
