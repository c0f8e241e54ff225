package io.adrelay.common.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names in the inboxes that the file consumers can never take: too long for the lock and reason
 * files beside them, holding a line break or another control character, or not valid UTF-8. Each
 * such file is moved once to the .error/ folder beside it, under a safe name, with a reason file,
 * and logged once, instead of being retried (or silently skipped) forever. The sweep follows no
 * link, and sets aside the links, pipes and devices it meets too (see {@link RegularFilesOnly}):
 * a consumer that is not recursive skips a linked folder without a word.
 */
public final class InboxNames {

    /** Room for the consumer's ".camelLock" and our ".error.json" suffixes within the usual 255-byte limit. */
    public static final int MAX_NAME_BYTES = 200;

    private static final Logger LOG = LoggerFactory.getLogger(InboxNames.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path inbox;

    public InboxNames(Path inbox) {
        this.inbox = inbox;
    }

    /** Why a name cannot be processed, or null when it can. */
    public static String problem(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            return "the name is not valid UTF-8";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return "the name holds a line break or another control character";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "the name is longer than " + MAX_NAME_BYTES + " bytes";
        }
        return null;
    }

    /**
     * A name that is safe to write beside: the name itself when it is fine, else a readable prefix made
     * unique (two bad names may read the same once their invalid bytes are replaced).
     */
    public static String safe(String name) {
        if (problem(name) == null) {
            return name;
        }
        String printable = name.replaceAll("[\\p{Cntrl}\uFFFD]", "_");
        String prefix = printable.length() > 80 ? printable.substring(0, 80) : printable;
        return prefix + "-" + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet() + ".quarantined";
    }

    /** Moves every unprocessable file under the inbox aside; returns how many. */
    public int quarantine() {
        return Files.isDirectory(inbox) ? sweep(inbox) : 0;
    }

    private int sweep(Path dir) {
        int moved = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                // the Path from the directory keeps the name's raw bytes, so even a non-UTF-8 name can be moved
                String name = entry.getFileName().toString();
                // never through a link: a linked folder's files are someone else's
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    moved += name.startsWith(".") ? 0 : sweep(entry);
                    continue;
                }
                // hidden entries are no consumer's (a linked .error or .done is refused where a file would move into it)
                String problem = name.startsWith(".") ? null : InboxEntries.problem(entry);
                if (problem != null) {
                    // a link or a pipe no consumer may take (a consumer that skips it, e.g. a linked folder, never says so)
                    moved += InboxQuarantine.setAside(entry, name, problem + InboxEntries.ADVICE) ? 1 : 0;
                } else if (problem(name) != null && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    moved += InboxQuarantine.setAside(entry, name, problem(name) + "; rename it (letters, digits, '-', '_', '.'; at most "
                            + MAX_NAME_BYTES + " bytes) and drop it again") ? 1 : 0;
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot look into {}: {}", dir, e.getMessage());
        }
        return moved;
    }
}
