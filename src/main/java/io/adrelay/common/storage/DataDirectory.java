package io.adrelay.common.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;

/** The layout under ADRELAY_DATA_DIR, and the one way files are written there: temp name, fsync, rename, fsync. */
public class DataDirectory {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final AtomicLong TEMP_SEQUENCE = new AtomicLong(System.nanoTime());

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
            return Json.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** A JSON document, pretty-printed, written as {@link #writeAtomically} does. */
    public static void writeObject(Path target, JsonNode document) {
        writeAtomically(target, document.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes so that readers never see a partial file and a crash (of the JVM or of the machine)
     * never loses what was written: a hidden temp file beside the target, fsync'd, renamed over the
     * target, then the directory fsync'd (shared with the writers that renamed meanwhile, see
     * {@link DirectorySync}). A failed write leaves no temp file behind.
     */
    public static void writeAtomically(Path target, byte[] bytes) {
        Set<Path> dirs = writeAtomicallyUnsynced(target, bytes);
        try {
            DirectorySync.shared().sync(dirs);
        } catch (IOException e) {
            throw failed("Cannot write " + target, target, e);
        }
    }

    /**
     * {@link #writeAtomically} but for the directory fsync: the file is whole under its name, and durable once the
     * directories returned are fsync'd ({@link DirectorySync}); it may not be reported written before.
     */
    public static Set<Path> writeAtomicallyUnsynced(Path target, byte[] bytes) {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + TEMP_SEQUENCE.incrementAndGet() + TEMP_SUFFIX);
        Set<Path> dirs = new LinkedHashSet<>(2);
        try {
            FileChannel opened;
            try {
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (NoSuchFileException noDirectory) {
                // made when first needed, not looked for before every write
                dirs.addAll(createDirectories(target.getParent()));
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            try (FileChannel out = opened) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            rename(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failed("Cannot write " + target, target, e);
        }
        DiskSpace.writeSucceeded(target);
        dirs.add(target.getParent());
        return dirs;
    }

    /** A refused write; one refused for lack of space turns the data dir's health DOWN until a write succeeds. */
    private static StorageException failed(String what, Path file, IOException e) {
        DiskSpace.writeFailed(file, e);
        return new StorageException(what, e);
    }

    /** Moves a file durably: renamed (atomically where the file system can), then both directories fsync'd. */
    public static void moveDurably(Path source, Path target) {
        Set<Path> dirs = moveUnsynced(source, target);
        try {
            DirectorySync.shared().sync(dirs);
        } catch (IOException e) {
            throw failed("Cannot move " + source + " to " + target, target, e);
        }
    }

    /**
     * {@link #moveDurably} but for the directory fsyncs: the file is moved, and durably so once the directories
     * returned are fsync'd ({@link DirectorySync}).
     */
    public static Set<Path> moveUnsynced(Path source, Path target) {
        Set<Path> dirs = new LinkedHashSet<>(3);
        try {
            try {
                rename(source, target);
            } catch (NoSuchFileException missing) {
                if (Files.isDirectory(target.getParent()) || !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw missing;
                }
                // the target's directory, made when first needed, not looked for before every move
                dirs.addAll(createDirectories(target.getParent()));
                rename(source, target);
            }
        } catch (IOException e) {
            throw failed("Cannot move " + source + " to " + target, target, e);
        }
        dirs.add(target.getParent());
        dirs.add(source.getParent());
        return dirs;
    }

    /**
     * Makes a directory and any missing parents; returns the directories whose entries changed (the parent of
     * each one made), which a durable write fsyncs too.
     */
    private static Set<Path> createDirectories(Path dir) throws IOException {
        Set<Path> changed = new LinkedHashSet<>(2);
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(dir);
        for (Path made = dir; existing != null && !made.equals(existing); made = made.getParent()) {
            changed.add(made.getParent());
        }
        return changed;
    }

    /**
     * A file written as a stream (a feed being validated, its report): on close it is fsync'd, and a
     * write the disk refuses is a {@link StorageException}, never mistaken for bad input.
     */
    public static DurableOutput durableOutput(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new DurableOutput(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw failed("Cannot write " + file, file, e);
        }
    }

    /** See {@link #durableOutput}. */
    public static final class DurableOutput extends OutputStream {
        private final Path file;
        private final FileChannel channel;

        private DurableOutput(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw failed("Cannot write " + file, file, e);
            }
        }

        @Override
        public void close() {
            if (!channel.isOpen()) {
                return;
            }
            try (channel) {
                channel.force(true);
            } catch (IOException e) {
                throw failed("Cannot write " + file, file, e);
            }
            DiskSpace.writeSucceeded(file);
        }
    }

    /**
     * Removes the temp files of writes a crash interrupted (they were never renamed, so never visible) that were last
     * written before {@code before}: a write that is still going (this process's, or a cluster node's on a shared dir)
     * keeps its temp file. The walk takes the attributes it reads anyway, no second look at each file.
     */
    public int removeLeftoverTempFiles(Instant before) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        FileTime cutoff = FileTime.from(before);
        int removed = 0;
        try (Stream<Path> files = Files.find(root, Integer.MAX_VALUE,
                (file, attributes) -> attributes.isRegularFile() && isTempName(file) && attributes.lastModifiedTime().compareTo(cutoff) < 0)) {
            for (Path file : files.toList()) {
                removed += deleteQuietly(file) ? 1 : 0;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("Cannot look for leftover temp files under " + root, e instanceof IOException io ? io
                    : ((UncheckedIOException) e).getCause());
        }
        return removed;
    }

    private static boolean isTempName(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    private static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
