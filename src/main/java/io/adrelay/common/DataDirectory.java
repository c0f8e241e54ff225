package io.adrelay.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The layout under ADRELAY_DATA_DIR, and the one way files are written there: temp name, then rename. */
public class DataDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path outbox(String api) {
        return root.resolve("outbox").resolve(api);
    }

    public Path state(String name) {
        return root.resolve("state").resolve(name);
    }

    public Path deadLetters() {
        return root.resolve("dead-letter");
    }

    /** A JSON object file written by {@link #writeAtomically}; an empty object when there is none yet. */
    public static ObjectNode readObject(Path file) {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** A JSON document, pretty-printed, written as {@link #writeAtomically} does. */
    public static void writeObject(Path target, JsonNode document) {
        writeAtomically(target, document.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes so that readers never see a partial file: a hidden temp file beside it, then an atomic rename. */
    public static void writeAtomically(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
