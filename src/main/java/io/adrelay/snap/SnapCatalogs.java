package io.adrelay.snap;

import java.nio.file.Files;
import java.nio.file.Path;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's Snap declaration in force and the ids provisioned for it. A refused edit of the
 * file leaves the previous declaration in force.
 */
public final class SnapCatalogs {

    private static final Logger LOG = LoggerFactory.getLogger(SnapCatalogs.class);

    private final Path file;
    private final Resource packaged;
    private final SnapCatalogState state;
    private volatile SnapDeclaration declaration = SnapDeclaration.empty();

    /** The operator's file, read when it exists; else the declaration packaged in the jar. */
    SnapCatalogs(Path file, Resource packaged, SnapCatalogState state) {
        this.file = file;
        this.packaged = packaged;
        this.state = state;
        try {
            declaration = read();
        } catch (InvalidInputException refused) {
            LOG.error("{}", refused.getMessage());
        }
    }

    /** Reads the file again; throws (keeping the declaration in force) when it is refused. */
    public SnapDeclaration reload() {
        declaration = read();
        return declaration;
    }

    /** Whether the declaration is the one packaged in the jar (the operator has no file of their own). */
    public boolean packaged() {
        return !Files.exists(file);
    }

    /** Where the declaration is read from. */
    String source() {
        return Files.exists(file) ? file.toString() : packaged.getLocation();
    }

    private SnapDeclaration read() {
        return Files.exists(file) ? SnapDeclaration.read(file) : SnapDeclaration.read(packaged);
    }

    public SnapDeclaration declaration() {
        return declaration;
    }

    /** The Snap id provisioned for a declared catalog; null until it is. */
    public String catalogId(String catalogKey) {
        return state.catalogId(catalogKey);
    }

    /** The Snap id provisioned for a product set of a declared catalog; null until it is. */
    public String productSetId(String catalogKey, String setName) {
        return state.productSetId(catalogKey, setName);
    }

    SnapCatalogState state() {
        return state;
    }

    Path file() {
        return file;
    }
}
