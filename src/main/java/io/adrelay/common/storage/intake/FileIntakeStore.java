package io.adrelay.common.storage.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DirectorySync;
import io.adrelay.common.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded intake of one queue (state/&lt;api&gt;/&lt;queue&gt;/): the pending requests in an append-only journal
 * with group commit, &lt;dir&gt;/journal/ ({@link IntakeJournal}: concurrent adds share one fsync, so the intake runs at
 * the disk's fsync rate times the batch rather than one file fsync per request). Requests retired as done are lines of
 * &lt;dir&gt;/.done/&lt;yyyy-mm-dd&gt;.jsonl ({@link DoneLog}, what {@link #isDone} answers from; written but not fsync'd:
 * a crash before it reaches the disk leaves the request pending, processed again), one set aside is
 * &lt;dir&gt;/.error/&lt;id&gt;.json, fsync'd, for the operator.
 * <p>
 * Requests stored one file each, &lt;dir&gt;/&lt;id&gt;.json (the layout before the journal, or a file put there by hand),
 * are taken into the journal at the first use and their files deleted. The journal is read once, at the first use,
 * and kept in memory: one store per directory and process (EmbeddedStateStores makes one per queue).
 */
public class FileIntakeStore implements IntakeStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntakeStore.class);

    private static final String SUFFIX = ".json";
    /** A segment's size: small enough to be deleted soon after its requests are done, big enough to roll rarely. */
    static final long SEGMENT_BYTES = 32L << 20;
    /** Files taken into the journal per fsync at an upgrade (bounds the memory it takes). */
    private static final int IMPORT_BATCH = 1000;

    private final Path dir;
    private final long segmentBytes;
    private final DoneLog doneLog;
    private volatile IntakeJournal journal;

    public FileIntakeStore(Path dir) {
        this(dir, SEGMENT_BYTES);
    }

    FileIntakeStore(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.doneLog = new DoneLog(dir.resolve(".done"), Clock.systemUTC());
    }

    /** The directory the queue is kept in. */
    public Path dir() {
        return dir;
    }

    /**
     * The ids pending in a queue's directory, read without changing anything: for tests and tools looking at the data
     * dir of an adrelay that may be running.
     */
    public static List<String> pendingIn(Path dir) throws IOException {
        TreeSet<String> pending = new TreeSet<>(IntakeJournal.pendingIn(dir.resolve("journal")));
        pending.addAll(requestFiles(dir).stream().map(FileIntakeStore::idOf).toList());
        return List.copyOf(pending);
    }

    @Override
    public void add(String id, byte[] request) {
        journal().add(id, request);
    }

    @Override
    public byte[] read(String id) throws IOException {
        return journal().read(id);
    }

    @Override
    public boolean isPending(String id) {
        return journal().contains(id);
    }

    /** In the done log, or a file in .done/ (how done requests were kept before the log). */
    @Override
    public boolean isDone(String id) {
        try {
            return Files.exists(dir.resolve(".done").resolve(id + SUFFIX)) || doneLog.contains(id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the done log of " + dir, e);
        }
    }

    @Override
    public List<String> pendingIds() {
        return journal().ids();
    }

    @Override
    public int pendingCount() {
        return journal().size();
    }

    /** The oldest pending ones: in one process every claim is this process's, so nothing is held from it. */
    @Override
    public List<String> claim(int max, Duration lease) {
        return journal().oldest(max);
    }

    @Override
    public void release(String id) {
        // nothing held: it stays pending, first in line
    }

    @Override
    public void done(String id) {
        doneAll(List.of(id));
    }

    /** The done log's days before the instant's UTC day, and .done/ files of the earlier layout written before it. */
    @Override
    public void forgetDoneBefore(Instant before) {
        doneLog.forgetDaysBefore(LocalDate.ofInstant(before, ZoneOffset.UTC));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(".done"), "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (NoSuchFileException nothingDone) {
            // nothing was ever retired here
        } catch (IOException e) {
            throw new StorageException("Cannot forget the done requests of " + dir, e);
        }
    }

    /** The requests' lines in the done log in one write, then out of the journal: a crash in between leaves them pending. */
    @Override
    public void doneAll(Collection<String> ids) {
        List<Map.Entry<String, byte[]>> retired = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                retired.add(Map.entry(id, journal().read(id)));
            } catch (NoSuchFileException notPending) {
                // retired already
            } catch (IOException e) {
                throw new StorageException("Cannot read the stored request " + id + " of " + dir, e);
            }
        }
        doneLog.append(retired);
        retired.forEach(request -> journal().done(request.getKey()));
    }

    @Override
    public void setAside(String id) {
        byte[] request;
        try {
            request = journal().read(id);
        } catch (NoSuchFileException notPending) {
            return;
        } catch (IOException e) {
            throw new StorageException("Cannot read the stored request " + id + " of " + dir, e);
        }
        DataDirectory.writeAtomically(dir.resolve(".error").resolve(id + SUFFIX), request);
        journal().setAside(id);
    }

    @Override
    public String setAsideLocation(String id) {
        return dir.resolve(".error").resolve(id + SUFFIX).toString();
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** The journal, read the first time (and the requests stored as files taken into it). */
    private IntakeJournal journal() {
        IntakeJournal opened = journal;
        if (opened == null) {
            synchronized (this) {
                opened = journal;
                if (opened == null) {
                    opened = IntakeJournal.open(dir.resolve("journal"), segmentBytes);
                    takeRequestFiles(opened);
                    journal = opened;
                }
            }
        }
        return opened;
    }

    /**
     * Takes the requests stored one file each into the journal, then deletes their files (a crash in between takes
     * them again: the same id replaces itself).
     */
    private void takeRequestFiles(IntakeJournal into) {
        List<Path> files;
        try {
            files = requestFiles(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            return;
        }
        for (int from = 0; from < files.size(); from += IMPORT_BATCH) {
            List<Path> batch = files.subList(from, Math.min(files.size(), from + IMPORT_BATCH));
            Map<String, byte[]> requests = new LinkedHashMap<>();
            for (Path file : batch) {
                try {
                    requests.put(idOf(file), Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new StorageException("Cannot read the stored request " + file, e);
                }
            }
            into.addAll(requests);
            for (Path file : batch) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // taken again at the next start: the same id, the same request
                    LOG.warn("Cannot delete {} taken into the intake journal: {}", file, e.toString());
                }
            }
        }
        try {
            DirectorySync.shared().sync(Set.of(dir));
        } catch (IOException e) {
            LOG.warn("Cannot sync {} after its request files were taken into the journal: {}", dir, e.toString());
        }
        LOG.info("Took {} requests stored as files in {} into its journal", files.size(), dir);
    }

    private static List<Path> requestFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> isRequest(f.getFileName().toString())).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /** A request's file; hidden names are the temp files of writes in progress. */
    private static boolean isRequest(String name) {
        return name.endsWith(SUFFIX) && !name.startsWith(".");
    }
}
