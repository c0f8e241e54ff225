package io.adrelay.common.storage.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.adrelay.common.storage.DataDirectory;

/**
 * The embedded intake: one file per request, &lt;dir&gt;/&lt;id&gt;.json (state/&lt;api&gt;/... ), written
 * atomically; done ones move to &lt;dir&gt;/.done/, set-aside ones to &lt;dir&gt;/.error/. A file consumer may
 * read the directory directly (the Statlas events route does, moving what it processed to .done/).
 */
public class FileIntakeStore implements IntakeStore {

    private static final String SUFFIX = ".json";

    private final Path dir;

    public FileIntakeStore(Path dir) {
        this.dir = dir;
    }

    /** The directory the requests are files in. */
    public Path dir() {
        return dir;
    }

    @Override
    public void add(String id, byte[] request) {
        DataDirectory.writeAtomically(pending(id), request);
    }

    @Override
    public byte[] read(String id) throws IOException {
        return Files.readAllBytes(pending(id));
    }

    @Override
    public boolean isPending(String id) {
        return Files.exists(pending(id));
    }

    @Override
    public boolean isDone(String id) {
        return Files.exists(dir.resolve(".done").resolve(id + SUFFIX));
    }

    @Override
    public List<String> pendingIds() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(FileIntakeStore::isRequest)
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    @Override
    public int pendingCount() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> isRequest(f.getFileName().toString())).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    @Override
    public void done(String id) {
        DataDirectory.moveDurably(pending(id), dir.resolve(".done").resolve(id + SUFFIX));
    }

    @Override
    public void setAside(String id) {
        DataDirectory.moveDurably(pending(id), dir.resolve(".error").resolve(id + SUFFIX));
    }

    @Override
    public String setAsideLocation(String id) {
        return dir.resolve(".error").resolve(id + SUFFIX).toString();
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    private Path pending(String id) {
        return dir.resolve(id + SUFFIX);
    }

    /** A request's file; hidden names are the temp files of writes in progress. */
    private static boolean isRequest(String name) {
        return name.endsWith(SUFFIX) && !name.startsWith(".");
    }
}
