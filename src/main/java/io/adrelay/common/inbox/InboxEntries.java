package io.adrelay.common.inbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import io.adrelay.common.InvalidInputException;

/**
 * What an entry of a watched folder is, looked at without following a link, and its bytes read
 * without following one either. adrelay takes regular files only: a symbolic link (to a secret
 * file, to /dev/zero, to "..", to someone else's folder), a named pipe, a device or a socket is
 * never opened, and a link swapped in after the check is not followed when the file is opened.
 */
public final class InboxEntries {

    /** What to do about an entry refused for what it is. */
    static final String ADVICE = "; adrelay takes regular files only and never follows a link: put a copy of the file itself in the inbox";

    private static final String[] FOLDERS_BESIDE = {".error", ".done"};

    private InboxEntries() {
    }

    /** Why an entry is not taken, or null for a regular file or a real folder (or one gone meanwhile). */
    public static String problem(Path entry) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException unreadable) {
            // the consumer's own read fails on it, with its reason
            return null;
        }
        if (attributes.isRegularFile() || attributes.isDirectory()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link" + linkTarget(entry);
        }
        return "it is not a regular file but " + kind(entry);
    }

    /**
     * Why a file's .error/ or .done/ folder cannot take it (a link there would carry the file, or its
     * reason, out of the inbox), or null when they are real folders or absent.
     */
    public static String unsafeFolderBeside(Path file) {
        for (String name : FOLDERS_BESIDE) {
            Path folder = file.resolveSibling(name);
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return "the " + name + " beside it is " + (Files.isSymbolicLink(folder) ? "a symbolic link" : "not a folder")
                        + ", and adrelay moves nothing through it: make " + folder + " a folder";
            }
        }
        return null;
    }

    /**
     * A link to a regular file in the same folder (how Kubernetes mounts a ConfigMap): what a watcher of an
     * operator's own file may read; an inbox takes no link at all.
     */
    static boolean linksWithinItsFolder(Path link) {
        try {
            Path real = link.toRealPath();
            return real.startsWith(link.getParent().toRealPath()) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The file a file consumer's exchange is about, or null when its body is not a file. */
    public static Path path(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof GenericFile<?> generic && generic.getFile() instanceof File file) {
            return file.toPath();
        }
        return body instanceof File file ? file.toPath() : null;
    }

    /** Opens a file for reading; a symbolic link put in its place after the check is not followed (the open fails). */
    public static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The file's bytes, at most {@code max} of them, read without following a link: however large the
     * file says it is (a device says 0), no more than max + 1 bytes are ever read.
     */
    public static byte[] readAtMost(Path file, long max, String setting) {
        try (InputStream in = open(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new InvalidInputException(file.getFileName() + " has more than " + max + " bytes, more than " + setting
                        + "; split it into smaller files");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String linkTarget(Path link) {
        try {
            return " (to " + Files.readSymbolicLink(link) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** A named pipe, a device or a socket, from the file type bits where the platform tells them. */
    private static String kind(Path entry) {
        try {
            int type = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file (a named pipe, a device or a socket)";
        }
    }
}
