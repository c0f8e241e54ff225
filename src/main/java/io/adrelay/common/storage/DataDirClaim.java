package io.adrelay.common.storage;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import io.adrelay.common.config.Profile;

/**
 * The data dir taken for one run: locked against a second adrelay (DataDirLock) and claimed for
 * the profile (DataDirOwner), the lock held until the context stops. The first caller takes it: a
 * launcher that must hold the dir before it starts anything, else the runtime; a later call in the
 * same context finds it taken. A refused claim keeps nothing, so the runtime meets the same refusal
 * and reports it with the other problems.
 */
public final class DataDirClaim {

    private DataDirClaim() {
    }

    /** Takes the dir for the profile unless this context holds it already; adds why it cannot. */
    public static void take(CamelContext context, Path dir, Profile profile, List<String> problems) throws Exception {
        DataDirLock held = context.hasService(DataDirLock.class);
        if (held != null && held.dir().equals(dir)) {
            return;
        }
        int before = problems.size();
        DataDirLock lock = DataDirLock.take(dir, problems);
        if (lock == null) {
            return;
        }
        DataDirOwner.claim(dir, profile, problems);
        if (problems.size() > before) {
            lock.stop();
            return;
        }
        context.addService(lock);
    }
}
