package io.adrelay.common.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.camel.support.service.ServiceSupport;

/**
 * One adrelay per data dir: two would take the same queued requests and inbox files and make their
 * effects twice (and a sandbox would start afresh under a running one). The lock is the operating
 * system's, so it goes with the process, kill -9 included; a stopped runtime gives it back.
 */
public final class DataDirLock extends ServiceSupport {

    private static final String FILE = ".adrelay.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The dir's lock, held until the runtime stops; null, with why added to the problems, when it cannot be had. */
    public static DataDirLock take(Path dir, List<String> problems) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                problems.add("ADRELAY_DATA_DIR " + dir + " is in use by another adrelay: stop it, or give this one its own data dir");
                return null;
            }
            return new DataDirLock(dir, channel, lock);
        } catch (IOException e) {
            problems.add("ADRELAY_DATA_DIR " + dir + " cannot be locked: " + e.getMessage());
            return null;
        }
    }

    /** The data dir this lock holds. */
    public Path dir() {
        return dir;
    }

    static boolean isLockFile(Path file) {
        return file.getFileName().toString().equals(FILE);
    }

    @Override
    protected void doStop() throws IOException {
        try (channel) {
            lock.release();
        }
    }
}
