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
 * One adrelay per data dir in the embedded profiles: two would take the same queued requests and inbox files and make
 * their effects twice (and a sandbox would start afresh under a running one). In the cluster profile the nodes share
 * one data dir (outbox, inboxes, published feeds; their state is in the database), so the lock is one per node name
 * there: two processes under one name would take each other's runs and claims for their own. The lock is the
 * operating system's, so it goes with the process, kill -9 included; a stopped runtime gives it back.
 */
public final class DataDirLock extends ServiceSupport {

    private static final String FILE = ".adrelay.lock";
    private static final String NODE_PREFIX = ".adrelay-node.";
    private static final String NODE_SUFFIX = ".lock";

    private final Path dir;
    private final String node;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, String node, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.node = node;
        this.channel = channel;
        this.lock = lock;
    }

    /** The dir's lock, held until the runtime stops; null, with why added to the problems, when it cannot be had. */
    public static DataDirLock take(Path dir, List<String> problems) {
        return take(dir, null, problems);
    }

    /**
     * The lock of a cluster node named {@code node} on the shared dir (null: the dir's one lock of the embedded profiles),
     * held until the runtime stops; null, with why added to the problems, when it cannot be had.
     */
    public static DataDirLock take(Path dir, String node, List<String> problems) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(node == null ? FILE : NODE_PREFIX + node + NODE_SUFFIX),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                problems.add(node == null
                        ? "ADRELAY_DATA_DIR " + dir + " is in use by another adrelay: stop it, or give this one its own data dir"
                        : "ADRELAY_DATA_DIR " + dir + " is in use by another adrelay node named " + node
                                + ": stop it, or give this node its own ADRELAY_NODE_NAME");
                return null;
            }
            return new DataDirLock(dir, node, channel, lock);
        } catch (IOException e) {
            problems.add("ADRELAY_DATA_DIR " + dir + " cannot be locked: " + e.getMessage());
            return null;
        }
    }

    /** The data dir this lock holds. */
    public Path dir() {
        return dir;
    }

    /** The node name the lock is held under; null for the embedded profiles' one lock. */
    public String node() {
        return node;
    }

    static boolean isLockFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals(FILE) || name.startsWith(NODE_PREFIX) && name.endsWith(NODE_SUFFIX);
    }

    @Override
    protected void doStop() throws IOException {
        try (channel) {
            lock.release();
        }
    }
}
