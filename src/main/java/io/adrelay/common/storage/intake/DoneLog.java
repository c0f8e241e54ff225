package io.adrelay.common.storage.intake;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.StorageException;

/**
 * The requests of a queue retired as done, for the operator and {@link FileIntakeStore#isDone}: appended to
 * &lt;dir&gt;/&lt;yyyy-mm-dd&gt;.jsonl (the UTC day they were retired), one line each, {@code {"id": ..., "request": ...}}
 * with the request as it was stored (a line break in it written as a space). Written, not fsync'd, like the journal's
 * own done record: a crash before it reaches the disk leaves the request pending and processed again.
 * <p>
 * One file a day rather than one file per request: creating and renaming a file per request filled every journal
 * fsync with their metadata (ext4 commits them together), which halved the intake's rate while the router retired
 * what it had taken.
 */
final class DoneLog {

    static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final Clock clock;
    private LocalDate day;
    private FileChannel file;

    DoneLog(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Appends the requests (id and stored bytes) in one write. */
    synchronized void append(List<Map.Entry<String, byte[]>> requests) {
        if (requests.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream(requests.size() * 256);
        for (Map.Entry<String, byte[]> request : requests) {
            lines.writeBytes(("{\"id\":\"" + request.getKey() + "\",\"request\":").getBytes(StandardCharsets.UTF_8));
            for (byte b : request.getValue()) {
                lines.write(b == '\n' || b == '\r' ? ' ' : b);
            }
            lines.write('}');
            lines.write('\n');
        }
        Path target = dir.resolve(today() + SUFFIX);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toByteArray());
            FileChannel out = channel();
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            DiskSpace.writeSucceeded(target);
        } catch (IOException e) {
            DiskSpace.writeFailed(target, e);
            close();
            throw new StorageException("Cannot write " + target, e);
        }
    }

    /**
     * Whether a line of the log holds the id: read from the day the id was made (a tracking id begins with its time),
     * so a lookup reads the days since the request came, not the whole history.
     */
    boolean contains(String id) throws IOException {
        String prefix = "{\"id\":\"" + id + "\",";
        LocalDate from = madeOn(id);
        for (Path day : days(name -> from == null || name.compareTo(from.toString()) >= 0)) {
            try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Deletes the days before this one; the day being written, when among them, is closed first. */
    synchronized void forgetDaysBefore(LocalDate first) {
        List<Path> old;
        try {
            old = days(name -> name.compareTo(first.toString()) < 0);
        } catch (IOException e) {
            throw new StorageException("Cannot list " + dir, e);
        }
        if (day != null && day.isBefore(first)) {
            // its lines would go on into a deleted file
            close();
        }
        for (Path file : old) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new StorageException("Cannot delete " + file, e);
            }
        }
    }

    /** The day files whose names (yyyy-mm-dd.jsonl) pass the test, oldest first; none while nothing was retired. */
    private List<Path> days(Predicate<String> name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && name.test(f.getFileName().toString()))
                    .sorted().toList();
        } catch (NoSuchFileException none) {
            return List.of();
        }
    }

    synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing was left unwritten: each append is written whole before it returns
            }
            file = null;
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private FileChannel channel() throws IOException {
        LocalDate now = today();
        if (file == null || !now.equals(day)) {
            close();
            Files.createDirectories(dir);
            // the only writer of the file (one store per queue and process): writes go on at its end
            file = FileChannel.open(dir.resolve(now + SUFFIX), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            file.position(file.size());
            day = now;
            endTornLine(file);
        }
        return file;
    }

    /** A line cut short by a crash is ended, so that the next line starts on a line of its own. */
    private static void endTornLine(FileChannel file) throws IOException {
        long size = file.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        file.read(last, size - 1);
        if (last.get(0) != '\n') {
            file.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
    }

    /** The UTC day a version-7 UUID was made, or null for another id (all days are read). */
    private static LocalDate madeOn(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.version() == 7 ? LocalDate.ofInstant(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16), ZoneOffset.UTC)
                    : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
