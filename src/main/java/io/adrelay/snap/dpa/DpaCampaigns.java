package io.adrelay.snap.dpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.adrelay.snap.SnapCatalogs;
import org.apache.camel.spi.Resource;
import io.adrelay.common.routes.RefusedFiles;

/**
 * The DPA declaration in force (routes/snap-campaigns.yaml), checked against the catalog declaration in
 * force. Without a file of the operator's, the packaged demo applies only with the packaged demo catalogs
 * it refers to: an operator with catalogs of their own declares their own campaigns, or none. The file is read again only when it or the catalogs changed
 * since the last reading: an edit that is refused is reported once (the run fails with every problem), and
 * the declaration read before it stays in force for the runs that follow.
 */
public final class DpaCampaigns {

    private final Path file;
    private final Resource packaged;
    private final SnapCatalogs catalogs;
    /** A refused file is reported by health (check declarations) until it is fixed. */
    private final RefusedFiles refusals;
    private DpaDeclaration inForce = DpaDeclaration.empty();
    private Object lastRead;
    private boolean lastRefused;

    public DpaCampaigns(Path file, Resource packaged, SnapCatalogs catalogs, RefusedFiles refusals) {
        this.file = file;
        this.packaged = packaged;
        this.catalogs = catalogs;
        this.refusals = refusals;
    }

    /** The declaration to provision; throws (keeping the one in force) when a changed file is refused. */
    public synchronized DpaDeclaration reload() {
        Object version = version();
        if (!version.equals(lastRead)) {
            lastRead = version;
            lastRefused = true;
            inForce = refusals.read(file.getFileName().toString(),
                    () -> DpaDeclaration.read(file, catalogs.packaged() ? packaged : null, DeclaredProductSets.of(catalogs.declaration())));
            lastRefused = false;
        }
        return inForce;
    }

    /** The saved file as it reads now against those catalogs, for a plan: nothing is put in force or reported. */
    public DpaDeclaration readSaved(DeclaredProductSets sets) {
        return DpaDeclaration.read(file, catalogs.packaged() ? packaged : null, sets);
    }

    /** Whether the file as it is now was refused, so that what is in force is the declaration read before it. */
    public synchronized boolean lastRefused() {
        return lastRefused;
    }

    public Path file() {
        return file;
    }

    /** What a reading depends on: the file (or its absence) and the catalogs it refers to. */
    private Object version() {
        try {
            return Files.exists(file)
                    ? List.of(Files.getLastModifiedTime(file), Files.size(file), catalogs.declaration())
                    : List.of(catalogs.declaration());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look at " + file, e);
        }
    }
}
