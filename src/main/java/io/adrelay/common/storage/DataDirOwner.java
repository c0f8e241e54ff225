package io.adrelay.common.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.Profile;
import io.adrelay.common.config.Settings;

/**
 * Which profile a data dir belongs to, recorded in it (.adrelay-profile): prod never runs on the
 * sandbox's data (its demo batches, its dead letters) and the sandbox never on prod's. The sandbox's
 * simulators keep no state, so the sandbox starts its data dir afresh too, and says so.
 */
public final class DataDirOwner {

    static final String MARKER = ".adrelay-profile";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirOwner.class);

    private DataDirOwner() {
    }

    /** Claims the dir for the profile, or adds why it cannot; the sandbox's dir is emptied first. */
    public static void claim(Path dir, Profile profile, List<String> problems) {
        Path marker = dir.resolve(MARKER);
        try {
            String owner = Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : legacyOwner(dir);
            if (owner != null && !owner.equals(profile.dataOwner())) {
                problems.add("ADRELAY_DATA_DIR " + dir + " holds " + owner + " data; the " + profile.id()
                        + " profile never shares a data dir: point ADRELAY_DATA_DIR at another one");
                return;
            }
            if (profile == Profile.SANDBOX && owner != null) {
                LOG.info("Sandbox: starting from a fresh {} (the simulators start fresh too, so old state would not match)", dir);
                clear(dir);
            }
            Files.createDirectories(dir);
            if (!Files.exists(marker)) {
                // whole or not at all: cluster nodes starting together on one shared dir read it while one writes it
                DataDirectory.writeAtomically(marker, (profile.dataOwner() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | StorageException e) {
            problems.add("ADRELAY_DATA_DIR " + dir + " cannot be used: " + e.getMessage());
        }
    }

    /**
     * The owner of a dir from before the marker existed: a sandbox dir has the sandbox's Drive folder,
     * another non-empty one counts as prod's; an empty or missing one has none.
     */
    private static String legacyOwner(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        if (Files.isDirectory(dir.resolve("sandbox-drive"))) {
            return Profile.SANDBOX.id();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(entry -> !DataDirLock.isLockFile(entry) && !operators(dir, entry)) ? Profile.PROD.id() : null;
        }
    }

    /**
     * Whether the entry is the operator's override directory (routes/, unless ADRELAY_ROUTES_DIR names another) or in it:
     * the operator's edits, not state, so the sandbox keeps it and it tells no profile.
     */
    private static boolean operators(Path dir, Path entry) {
        return entry.startsWith(dir.resolve(Settings.OVERRIDE_DIR_NAME));
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(dir) && !DataDirLock.isLockFile(file) && !operators(dir, file)) {
                    Files.delete(file);
                }
            }
        }
    }
}
