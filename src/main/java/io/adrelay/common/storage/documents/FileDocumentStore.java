package io.adrelay.common.storage.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * The embedded documents: state/&lt;name&gt;.json, pretty-printed, written as every file of the data dir is
 * (temp file, fsync, rename, directory fsync; a full disk refuses the write and turns health DOWN).
 */
public class FileDocumentStore implements DocumentStore {

    private static final String SUFFIX = ".json";

    private final Path root;

    /** {@code root}: the data dir's state/ directory. */
    public FileDocumentStore(Path root) {
        this.root = root;
    }

    @Override
    public ObjectNode read(String name) {
        return DataDirectory.readObject(file(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(file(name));
    }

    @Override
    public void write(String name, JsonNode document) {
        DataDirectory.writeObject(file(name), document);
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new StorageException("Cannot delete " + file(name), e);
        }
    }

    @Override
    public List<String> list(String folder) {
        Path dir = root.resolve(DocumentNames.checked(folder));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            // hidden names are the temp files of writes in progress
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
                    .sorted().map(n -> folder + "/" + n.substring(0, n.length() - SUFFIX.length())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private Path file(String name) {
        return root.resolve(DocumentNames.checked(name) + SUFFIX);
    }
}
