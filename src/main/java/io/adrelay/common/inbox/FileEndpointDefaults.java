package io.adrelay.common.inbox;

import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import io.adrelay.common.storage.DiskSpace;

/**
 * What every file consumer gets, whichever route (Java or an operator's YAML) declares it: no poll
 * while the data dir is short of space, a bounded batch per poll, so a backlog is taken a slice
 * at a time (the first poll ends quickly and the in-progress set stays small), the next slice at once
 * after a full one ({@link InboxPolling}: a backlog drains without idling the delay between slices),
 * no .camelLock marker file beside each file taken (one adrelay per data dir, DataDirLock, and each
 * consumer's in-progress set keeps a file from being taken twice), and empty files taken
 * like any other once they have settled, instead of waiting in the inbox for ever; and regular files
 * only ({@link RegularFilesOnly}): no consumer follows a symbolic link or opens a pipe or a device.
 */
public final class FileEndpointDefaults implements EndpointStrategy {

    private static final int MAX_FILES_PER_POLL = 200;

    private final DiskSpace disk;

    public FileEndpointDefaults(DiskSpace disk) {
        this.disk = disk;
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof FileEndpoint file) {
            file.setPollStrategy(new InboxPolling(disk));
            file.setReadLockMarkerFile(false);
            if (file.getMaxMessagesPerPoll() <= 0) {
                file.setMaxMessagesPerPoll(MAX_FILES_PER_POLL);
            }
            // Camel's read locks wait for a first byte forever: an empty drop that has settled is taken (and refused)
            file.setReadLockMinLength(0);
            if (!(file.getFilter() instanceof RegularFilesOnly)) {
                file.setFilter(new RegularFilesOnly(file.getFilter(), file.isNoop()));
            }
        }
        return endpoint;
    }
}
