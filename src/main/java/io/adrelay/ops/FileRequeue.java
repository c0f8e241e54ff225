package io.adrelay.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.inbox.FileErrorReason;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.storage.DataDirectory;

/** Replay of a dropped file's dead letter: the file goes back from .error/ to its inbox, to be taken again. */
public final class FileRequeue {

    private static final Logger LOG = LoggerFactory.getLogger(FileRequeue.class);

    private FileRequeue() {
    }

    /** Moves the file of header REQUEUE_FROM to REQUEUE_TO and drops its reason file; 409 when it is gone from .error/. */
    public static void requeue(Exchange e) throws IOException {
        Path from = Path.of(e.getIn().getHeader(FileErrorReason.REQUEUE_FROM, String.class));
        Path to = Path.of(e.getIn().getHeader(FileErrorReason.REQUEUE_TO, String.class));
        if (!Files.isRegularFile(from)) {
            throw new RequestRejectedException(409, "the file is no longer in " + from.getParent()
                    + "; drop it into " + to.getParent() + " again instead");
        }
        DataDirectory.moveDurably(from, to);
        Files.deleteIfExists(from.resolveSibling(from.getFileName() + ".error.json"));
        LOG.info("{} put back into its inbox as {}", from, to);
    }
}
