package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.adrelay.common.config.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir's owner marker, as cluster nodes starting together on one shared data dir claim it. */
class DataDirOwnerTest {

    @TempDir
    Path dir;

    /** A node reading the marker while another writes it must never read it half written (empty: "holds  data"). */
    @Test
    void nodesClaimingOneDirAtOnceNeverReadTheMarkerHalfWritten() {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> nodes = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            nodes.add(CompletableFuture.runAsync(() -> {
                for (int start = 0; start < 300; start++) {
                    DataDirOwner.claim(dir, Profile.CLUSTER, problems);
                }
            }));
        }
        nodes.forEach(CompletableFuture::join);
        assertEquals(0, problems.size(), () -> problems.size() + " refused starts, the first: " + problems.get(0));
    }
}
