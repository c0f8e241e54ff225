package io.adrelay.snap;

import java.nio.file.Path;

import io.adrelay.common.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's Snap declaration in force and the ids provisioned for it. A refused edit of the
 * file leaves the previous declaration in force.
 */
public final class SnapCatalogs {

    private static final Logger LOG = LoggerFactory.getLogger(SnapCatalogs.class);

    private final Path file;
    private final SnapCatalogState state;
    private volatile SnapDeclaration declaration = SnapDeclaration.empty();

    SnapCatalogs(Path file, SnapCatalogState state) {
        this.file = file;
        this.state = state;
        try {
            declaration = SnapDeclaration.read(file);
        } catch (InvalidInputException refused) {
            LOG.error("{}", refused.getMessage());
        }
    }

    /** Reads the file again; throws (keeping the declaration in force) when it is refused. */
    public SnapDeclaration reload() {
        declaration = SnapDeclaration.read(file);
        return declaration;
    }

    SnapDeclaration declaration() {
        return declaration;
    }

    SnapCatalogState state() {
        return state;
    }

    Path file() {
        return file;
    }
}
