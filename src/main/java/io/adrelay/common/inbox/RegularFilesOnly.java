package io.adrelay.common.inbox;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.BoundedLruMap;

/**
 * The filter of every file consumer (set by {@link FileEndpointDefaults}, whichever route declares
 * the consumer): it takes regular files and real folders only. A symbolic link (to a file or a
 * folder, "..", /dev/zero) and a pipe, device or socket is never taken nor descended into: it is
 * moved, as itself, to the .error/ folder beside it with a reason file, and the consumer goes on.
 * A file whose .error/ or .done/ is a link is left where it is (moving it would follow the link).
 * A consumer that never moves its input (noop, a watcher of an operator's file) moves nothing: it
 * skips such entries, saying so once, but follows a link to a regular file in the same folder (how
 * Kubernetes mounts a ConfigMap).
 */
final class RegularFilesOnly implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(RegularFilesOnly.class);

    private final GenericFileFilter<File> routeFilter;
    private final boolean watchOnly;
    /** Entries already said to be left alone: one line each, not one per poll. */
    private final Map<String, Boolean> told = new BoundedLruMap<>(16, 1000, ignored -> { });

    /** @param routeFilter the route's own filter, asked after this one (or null); @param watchOnly the consumer never moves its input */
    RegularFilesOnly(GenericFileFilter<File> routeFilter, boolean watchOnly) {
        this.routeFilter = routeFilter;
        this.watchOnly = watchOnly;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path entry = file.getFile().toPath();
        String problem = InboxEntries.problem(entry);
        if (problem == null) {
            String unsafe = watchOnly || file.isDirectory() ? null : InboxEntries.unsafeFolderBeside(entry);
            if (unsafe != null) {
                tellOnce(entry, unsafe);
                return false;
            }
            return routeFilter == null || routeFilter.accept(file);
        }
        if (watchOnly) {
            if (InboxEntries.linksWithinItsFolder(entry)) {
                return routeFilter == null || routeFilter.accept(file);
            }
            tellOnce(entry, problem + InboxEntries.ADVICE);
            return false;
        }
        if (!InboxQuarantine.setAside(entry, file.getFileNameOnly(), problem + InboxEntries.ADVICE)) {
            tellOnce(entry, problem + "; it cannot be moved to .error/ (see the .error beside it)");
        }
        return false;
    }

    private void tellOnce(Path entry, String why) {
        if (told.putIfAbsent(entry.toString(), Boolean.TRUE) == null) {
            LOG.warn("{} is left where it is, not read: {}", entry, why);
        }
    }
}
