package io.adrelay.common.storage;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import io.adrelay.common.config.Profile;

/**
 * The data dir taken for one run: locked against a second adrelay (DataDirLock; in the cluster profile, against a
 * second node of the same name) and claimed for the profile (DataDirOwner), the lock held until the context stops. The first caller takes it: a
 * launcher that must hold the dir before it starts anything, else the runtime; a later call in the
 * same context finds it taken. A refused claim keeps nothing, so the runtime meets the same refusal
 * and reports it with the other problems.
 */
public final class DataDirClaim {

    private DataDirClaim() {
    }

    /** Takes the dir for an embedded profile unless this context holds it already; adds why it cannot. */
    public static void take(CamelContext context, Path dir, Profile profile, List<String> problems) throws Exception {
        take(context, dir, profile, null, problems);
    }

    /**
     * Takes the dir for the profile unless this context holds it already; adds why it cannot. A cluster node takes its
     * own lock in the shared dir, under its name; the embedded profiles take the dir's one lock (the name is not used).
     */
    public static void take(CamelContext context, Path dir, Profile profile, String node, List<String> problems) throws Exception {
        DataDirLock held = context.hasService(DataDirLock.class);
        if (held != null && held.dir().equals(dir)) {
            return;
        }
        int before = problems.size();
        DataDirLock lock = DataDirLock.take(dir, profile == Profile.CLUSTER ? node : null, problems);
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
