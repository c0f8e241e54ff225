package io.adrelay.common.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * Sets an inbox entry that no consumer may take aside: moved once (the entry itself, a link as the
 * link, never what it points to) into the .error/ folder beside it, under a safe name, after a
 * &lt;name&gt;.error.json saying why. Where that .error/ is not a real folder, nothing is moved.
 */
final class InboxQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger(InboxQuarantine.class);

    private InboxQuarantine() {
    }

    /**
     * Moves the entry aside with its reason; true once it is no longer where it was (moved now, or by
     * someone else meanwhile), false when it cannot be moved yet.
     */
    static synchronized boolean setAside(Path entry, String name, String reason) {
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Path errorDir = entry.resolveSibling(".error");
        if (Files.exists(errorDir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(errorDir, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("Not setting {} aside: {} is not a folder", entry, errorDir);
            return false;
        }
        String safe = InboxNames.safe(name);
        Path target = errorDir.resolve(safe);
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("file", name);
        why.put("moved_to", target.toString());
        why.put("failed_at", Instant.now().toString());
        why.put("reason", reason);
        try {
            DataDirectory.writeAtomically(errorDir.resolve(safe + ".error.json"), Json.MAPPER.writeValueAsBytes(why));
            DataDirectory.moveDurably(entry, target);
            LOG.warn("Inbox entry {} cannot be processed ({}): moved to {}", entry, reason, target);
            return true;
        } catch (IOException | StorageException e) {
            LOG.debug("Cannot set {} aside yet: {}", entry, e.getMessage());
            return !Files.exists(entry, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
