package io.adrelay.snap;

import java.nio.file.Files;
import java.nio.file.Path;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.spi.Resource;
import io.adrelay.common.routes.RefusedFiles;

/**
 * The operator's Snap declaration in force and the ids provisioned for it. A refused edit of the
 * file leaves the previous declaration in force.
 */
public final class SnapCatalogs {

    private final Path file;
    private final Resource packaged;
    private final SnapCatalogState state;
    /** A refused file is reported by health (check declarations) until it is fixed. */
    private final RefusedFiles refusals;
    private volatile SnapDeclaration declaration = SnapDeclaration.empty();

    /** The operator's file, read when it exists; else the declaration packaged in the jar. */
    SnapCatalogs(Path file, Resource packaged, SnapCatalogState state, RefusedFiles refusals) {
        this.file = file;
        this.packaged = packaged;
        this.state = state;
        this.refusals = refusals;
        try {
            declaration = read();
        } catch (InvalidInputException refused) {
            // said and reported by refusals; none is in force until a reading is accepted
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
        return refusals.read(file.getFileName().toString(),
                () -> Files.exists(file) ? SnapDeclaration.read(file) : SnapDeclaration.read(packaged));
    }

    /** The saved file (or the packaged declaration) as it reads now, for a plan: nothing is put in force or reported. */
    SnapDeclaration readSaved() {
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
