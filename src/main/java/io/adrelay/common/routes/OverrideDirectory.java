package io.adrelay.common.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's override directory, made at start when missing, with a README.md saying what goes there (refreshed at
 * each start). A folder ADRELAY_ROUTES_DIR names gets one only when adrelay made it: a folder of the operator's own, such
 * as a project's routes/ or a read-only mount, is not written to. Neither failing stops a start: the packaged files run.
 */
public final class OverrideDirectory {

    static final String README = "README.md";
    private static final String TEMPLATE = "override-dir/README.md";
    private static final Logger LOG = LoggerFactory.getLogger(OverrideDirectory.class);

    private OverrideDirectory() {
    }

    /** Makes the folder (and its README) where it is missing, then says where it is; {@code inDataDir}: the default one. */
    public static void prepare(Path dir, boolean inDataDir) {
        byte[] readme = readme();
        boolean made = false;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                made = true;
            }
            Path file = dir.resolve(README);
            if (made || inDataDir && !Files.exists(file) || ours(file, readme)) {
                Path temp = dir.resolve("." + README + ".tmp");
                Files.write(temp, readme);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            LOG.info("Override directory of route files and declarations: {} (ADRELAY_ROUTES_DIR; what to put there: its {})", dir, README);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Override directory {} (ADRELAY_ROUTES_DIR) cannot be prepared ({}): the packaged route files run", dir, e.toString());
        }
    }

    /** Whether the folder's README is one adrelay wrote (its first line), so that it may be refreshed. */
    private static boolean ours(Path file, byte[] readme) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String first = new String(readme, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").equals(first);
    }

    static byte[] readme() {
        try (InputStream in = OverrideDirectory.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is not packaged in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + TEMPLATE, e);
        }
    }
}
