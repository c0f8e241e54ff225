package io.adrelay.common.storage.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DirectorySync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded intake: one file per request, &lt;dir&gt;/&lt;id&gt;.json (state/&lt;api&gt;/... ), written
 * atomically; done ones move to &lt;dir&gt;/.done/, set-aside ones to &lt;dir&gt;/.error/. A file consumer may
 * read the directory directly, but the routes take requests with {@link #claim} (the intake: consumer).
 * <p>
 * The pending ids are also kept in memory, listed from the directory once at the first use and kept current by add,
 * done and set aside: a claim, a count or a list is then no directory listing and sort (with 100,000 requests
 * waiting, that listing on every poll held the consumer to some 60 a second). So one store per directory and process
 * (EmbeddedStateStores makes one per queue), and nothing else writes request files into it while it runs.
 */
public class FileIntakeStore implements IntakeStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntakeStore.class);

    private static final String SUFFIX = ".json";

    private final Path dir;
    /** The pending ids, oldest first; null until first used. */
    private TreeSet<String> index;

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
        // after the write: a claim never finds an id whose file is not there yet
        synchronized (this) {
            index().add(id);
        }
    }

    @Override
    public byte[] read(String id) throws IOException {
        return Files.readAllBytes(pending(id));
    }

    @Override
    public synchronized boolean isPending(String id) {
        return index().contains(id);
    }

    @Override
    public boolean isDone(String id) {
        return Files.exists(dir.resolve(".done").resolve(id + SUFFIX));
    }

    @Override
    public synchronized List<String> pendingIds() {
        return List.copyOf(index());
    }

    @Override
    public synchronized int pendingCount() {
        return index().size();
    }

    /** The oldest pending ones: in one process every claim is this process's, so nothing is held from it. */
    @Override
    public synchronized List<String> claim(int max, Duration lease) {
        List<String> claimed = new ArrayList<>(Math.min(max, index().size()));
        for (String id : index()) {
            if (claimed.size() >= max) {
                break;
            }
            claimed.add(id);
        }
        return claimed;
    }

    @Override
    public void release(String id) {
        // nothing held: it stays pending, first in line
    }

    @Override
    public void done(String id) {
        // the move's directory fsync is shared with the next ones and not waited for: until it is on disk a crash
        // (of the machine; a killed process loses nothing) leaves the request pending, and it is processed again, as
        // a crash before the move would (at least once; the effect ledger makes the effects once)
        DirectorySync.shared().syncLater(DataDirectory.moveUnsynced(pending(id), dir.resolve(".done").resolve(id + SUFFIX)))
                .whenComplete((synced, failed) -> {
                    if (failed != null) {
                        LOG.warn("The intake queue {} could not be synced after {} was done: {}", dir, id, failed.toString());
                    }
                });
        synchronized (this) {
            index().remove(id);
        }
    }

    @Override
    public void setAside(String id) {
        DataDirectory.moveDurably(pending(id), dir.resolve(".error").resolve(id + SUFFIX));
        synchronized (this) {
            index().remove(id);
        }
    }

    @Override
    public String setAsideLocation(String id) {
        return dir.resolve(".error").resolve(id + SUFFIX).toString();
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** The pending ids, listed from the directory the first time. */
    private TreeSet<String> index() {
        if (index == null) {
            index = new TreeSet<>(listed());
        }
        return index;
    }

    private List<String> listed() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(FileIntakeStore::isRequest)
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private Path pending(String id) {
        return dir.resolve(id + SUFFIX);
    }

    /** A request's file; hidden names are the temp files of writes in progress. */
    private static boolean isRequest(String name) {
        return name.endsWith(SUFFIX) && !name.startsWith(".");
    }
}
