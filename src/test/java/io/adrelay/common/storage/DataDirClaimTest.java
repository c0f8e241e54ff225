package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.config.Profile;

/** The sandbox's launcher takes the data dir before the runtime does; the runtime finds it taken, and a refusal stays one. */
class DataDirClaimTest {

    @TempDir
    Path dir;

    @Test
    void theSecondTakeInTheSameContextFindsItTakenAndEmptiesNothing() throws Exception {
        // a sandbox dir of an earlier run: the first claim starts it afresh
        Files.writeString(dir.resolve(".adrelay-profile"), "sandbox\n");
        Files.writeString(dir.resolve("from-the-last-run"), "x");
        try (CamelContext context = new DefaultCamelContext()) {
            List<String> problems = new ArrayList<>();
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            Files.writeString(dir.resolve("seeded-by-the-launcher"), "x");
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            assertEquals(List.of(), problems);
            assertTrue(Files.notExists(dir.resolve("from-the-last-run")));
            assertTrue(Files.exists(dir.resolve("seeded-by-the-launcher")));
        }
    }

    /** The override directory in the data dir holds the operator's edits: the sandbox's fresh start keeps it. */
    @Test
    void theSandboxStartsAfreshButKeepsTheOverrideDirectory_whichTellsNoProfile() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("nightly-pull.camel.yaml"), "- route: {}\n");
        try (CamelContext context = new DefaultCamelContext()) {
            List<String> problems = new ArrayList<>();
            // a data dir holding only an override directory is no profile's yet
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            assertEquals(List.of(), problems);
        }
        Files.writeString(dir.resolve("from-the-last-run"), "x");
        try (CamelContext context = new DefaultCamelContext()) {
            List<String> problems = new ArrayList<>();
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            assertEquals(List.of(), problems);
            assertTrue(Files.notExists(dir.resolve("from-the-last-run")));
            assertEquals("- route: {}\n", Files.readString(routes.resolve("nightly-pull.camel.yaml")));
        }
    }

    @Test
    void anotherRuntimeIsRefusedUntilTheFirstStops() throws Exception {
        List<String> problems = new ArrayList<>();
        try (CamelContext first = new DefaultCamelContext(); CamelContext second = new DefaultCamelContext()) {
            first.start();
            DataDirClaim.take(first, dir, Profile.PROD, problems);
            DataDirClaim.take(second, dir, Profile.PROD, problems);
            assertEquals(List.of("ADRELAY_DATA_DIR " + dir + " is in use by another adrelay: stop it, or give this one its own data dir"),
                    problems);
            first.stop();
            problems.clear();
            DataDirClaim.take(second, dir, Profile.PROD, problems);
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void aRefusedClaimKeepsNothingSoTheRuntimeMeetsTheSameRefusal() throws Exception {
        Files.writeString(dir.resolve(".adrelay-profile"), "prod\n");
        try (CamelContext context = new DefaultCamelContext()) {
            List<String> problems = new ArrayList<>();
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            DataDirClaim.take(context, dir, Profile.SANDBOX, problems);
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.stream().allMatch(p -> p.contains("holds prod data")), problems.toString());
        }
    }

    /** A cluster node keeps its per-node state where prod does: a prod data dir moves to the cluster profile and back. */
    @Test
    void aProdDataDirServesTheClusterProfileAndTheSandboxStillRefusesIt() throws Exception {
        Files.writeString(dir.resolve(".adrelay-profile"), "prod\n");
        Files.writeString(dir.resolve("kept"), "x");
        List<String> problems = new ArrayList<>();
        DataDirOwner.claim(dir, Profile.CLUSTER, problems);
        assertEquals(List.of(), problems);
        assertEquals("prod\n", Files.readString(dir.resolve(".adrelay-profile")));
        assertTrue(Files.exists(dir.resolve("kept")));
        DataDirOwner.claim(dir, Profile.PROD, problems);
        assertEquals(List.of(), problems);
        DataDirOwner.claim(dir, Profile.SANDBOX, problems);
        assertEquals(List.of("ADRELAY_DATA_DIR " + dir + " holds prod data; the sandbox profile never shares a data dir: point"
                + " ADRELAY_DATA_DIR at another one"), problems);
    }

    /**
     * Cluster nodes share one data dir, each under its own lock: a second node of another name is admitted, a second
     * process under a name already running is refused (it would take that node's runs and claims for its own).
     */
    @Test
    void clusterNodesShareTheDirOneLockPerNodeName() throws Exception {
        List<String> problems = new ArrayList<>();
        try (CamelContext a = new DefaultCamelContext(); CamelContext b = new DefaultCamelContext();
                CamelContext sameName = new DefaultCamelContext()) {
            a.start();
            b.start();
            DataDirClaim.take(a, dir, Profile.CLUSTER, "node-a", problems);
            DataDirClaim.take(b, dir, Profile.CLUSTER, "node-b", problems);
            assertEquals(List.of(), problems);
            DataDirClaim.take(sameName, dir, Profile.CLUSTER, "node-a", problems);
            assertEquals(List.of("ADRELAY_DATA_DIR " + dir + " is in use by another adrelay node named node-a: stop it, or give this node"
                    + " its own ADRELAY_NODE_NAME"), problems);
            // the name is free again once its node stops
            a.stop();
            problems.clear();
            DataDirClaim.take(sameName, dir, Profile.CLUSTER, "node-a", problems);
            assertEquals(List.of(), problems);
        }
    }

    /** The embedded profiles keep one process per data dir, whatever node name they are given. */
    @Test
    void theEmbeddedProfilesKeepOneProcessPerDirWhateverTheNodeName() throws Exception {
        List<String> problems = new ArrayList<>();
        try (CamelContext first = new DefaultCamelContext(); CamelContext second = new DefaultCamelContext()) {
            first.start();
            DataDirClaim.take(first, dir, Profile.PROD, "node-a", problems);
            DataDirClaim.take(second, dir, Profile.PROD, "node-b", problems);
            assertEquals(List.of("ADRELAY_DATA_DIR " + dir + " is in use by another adrelay: stop it, or give this one its own data dir"),
                    problems);
        }
    }

    /** A node's lock file is no state: a dir holding only node locks is no profile's yet, and the sandbox's fresh start keeps them. */
    @Test
    void aNodesLockFileTellsNoProfile() throws Exception {
        try (CamelContext node = new DefaultCamelContext()) {
            node.start();
            List<String> problems = new ArrayList<>();
            DataDirClaim.take(node, dir, Profile.CLUSTER, "node-a", problems);
            assertEquals(List.of(), problems);
            assertTrue(DataDirLock.isLockFile(dir.resolve(".adrelay-node.node-a.lock")));
            assertTrue(Files.exists(dir.resolve(".adrelay-node.node-a.lock")));
        }
        Files.delete(dir.resolve(".adrelay-profile"));
        List<String> problems = new ArrayList<>();
        DataDirOwner.claim(dir, Profile.SANDBOX, problems);
        assertEquals(List.of(), problems);
    }
}
