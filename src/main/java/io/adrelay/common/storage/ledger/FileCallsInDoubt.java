package io.adrelay.common.storage.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * The embedded calls in doubt: state/egress/sent/&lt;first 16 bytes of the effect's SHA-256, hex&gt;.json (an
 * effect names ids and paths, too long and too free for a file name), written atomically.
 */
public class FileCallsInDoubt implements CallsInDoubt {

    private final Path dir;

    public FileCallsInDoubt(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<ObjectNode> find(String effect) {
        Path file = fileOf(effect);
        return Files.exists(file) ? Optional.of(DataDirectory.readObject(file)) : Optional.empty();
    }

    @Override
    public void remember(String effect, ObjectNode call) {
        DataDirectory.writeObject(fileOf(effect), call);
    }

    @Override
    public void forget(String effect) {
        try {
            Files.deleteIfExists(fileOf(effect));
        } catch (IOException e) {
            throw new StorageException("Cannot forget the sent call " + effect, e);
        }
    }

    private Path fileOf(String effect) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(effect.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
