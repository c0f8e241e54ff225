package io.adrelay.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.ChildRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the route files come from: the packaged jar runs from any directory with the routes it
 * carries; a file of the same name in the override directory (routes/ in the data dir by default, made at start
 * with a README; ADRELAY_ROUTES_DIR names another) replaces the packaged one, a file only there is added, and saving
 * one reloads it.
 */
class RouteFilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("routes");

    @TempDir
    Path work;

    /**
     * The override directory's default is routes/ in the data dir, never a routes/ of the working directory (from the
     * project's folder, that is the packaged source): made at start with its README, and kept when the sandbox starts its
     * data dir afresh, so an operator's file there runs at the next start too.
     */
    @Test
    void thePackagedRoutesRunFromADirectoryWithoutRoutes_andTheOverrideDirectoryIsInTheDataDir() throws Exception {
        Path data = work.resolve("data");
        // what a sandbox run before this one left: its state, and an operator's file in the override directory
        Path routes = Files.createDirectories(data.resolve("routes"));
        Files.writeString(data.resolve(".adrelay-profile"), "sandbox\n");
        Files.writeString(routes.resolve("bsa-pull-extra.camel.yaml"), EXTRA);
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes").resolve("bsa-pull-other.camel.yaml"), EXTRA.replace("bsa-pull-extra", "bsa-pull-other"));
        try (ChildRuntime child = ChildRuntime.sandbox("route-files-packaged", data).workDir(work).start()) {
            JsonNode jobs = jobs(child);
            assertEquals("0 15 6 * * ?", cron(jobs, "bsa-pull-report-lineitems"));
            assertFalse(cron(jobs, "snap-upload-feed-demo").isEmpty(), jobs.toString());
            assertFalse(cron(jobs, "statlas-reconcile-batches").isEmpty(), jobs.toString());
            assertEquals("0 0 4 * * ?", cron(jobs, "bsa-pull-extra"), "the file in the data dir's override directory, kept by the fresh start");
            assertEquals("", cron(jobs, "bsa-pull-other"), "routes/ of the working directory is not the override directory");
            await().atMost(Duration.ofSeconds(60)).until(() -> "classpath:routes/snap-catalogs.yaml".equals(declaration(child)));
            assertTrue(Files.readString(routes.resolve("README.md")).startsWith("# adrelay's override directory"));
            assertFalse(Files.exists(work.resolve("routes").resolve("README.md")));
        }
    }

    private static final String EXTRA = """
            - route:
                id: bsa-pull-extra
                routeConfigurationId: http-api
                from:
                  uri: quartz:bsa/extra
                  parameters:
                    cron: "0 0 4 * * ?"
                  steps:
                    - log: "an operator's own schedule"
            """;

    @Test
    void anOverrideReplacesThePackagedFile_aFileOnlyThereIsAdded_andSavingOneReloadsIt() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        String reconcile = Files.readString(SHIPPED.resolve("statlas-reconcile-batches.camel.yaml"));
        Path reconcileOverride = routes.resolve("statlas-reconcile-batches.camel.yaml");
        Files.writeString(reconcileOverride, reconcile.replace("cron: \"{{statlas.reconcile.cron}}\"", "cron: \"0 0 5 * * ?\""));
        Files.writeString(routes.resolve("bsa-pull-extra.camel.yaml"), EXTRA);
        Path declaration = routes.resolve("snap-catalogs.yaml");
        Files.writeString(declaration, Files.readString(SHIPPED.resolve("snap-catalogs.yaml"))
                .replace("name: adrelay demo catalog", "name: operator catalog"));

        // ADRELAY_ROUTES_DIR names another override directory, relative to the working directory
        try (ChildRuntime child = ChildRuntime.sandbox("route-files-override", work.resolve("data")).workDir(work)
                .env("ADRELAY_ROUTES_DIR", "routes").start()) {
            JsonNode jobs = jobs(child);
            assertEquals("0 0 5 * * ?", cron(jobs, "statlas-reconcile-batches"), "the override's schedule");
            assertEquals("0 15 6 * * ?", cron(jobs, "bsa-pull-report-daily-stats"), "the packaged files the override directory lacks");
            assertEquals("0 0 4 * * ?", cron(jobs, "bsa-pull-extra"), "the file only in the override directory");
            assertFalse(cron(jobs, "snap-check-catalog").isEmpty(), "a packaged file the override directory lacks");
            await().atMost(Duration.ofSeconds(60)).until(() -> declaration.toRealPath().toString().equals(declaration(child)));

            // the override is saved: reloaded while running
            Files.writeString(reconcileOverride, reconcile.replace("cron: \"{{statlas.reconcile.cron}}\"", "cron: \"0 0 3 * * ?\""));
            await().atMost(Duration.ofSeconds(30)).until(() -> "0 0 3 * * ?".equals(cron(jobs(child), "statlas-reconcile-batches")));

            // an override of a packaged file, written while running, takes the place of the packaged routes
            Files.writeString(routes.resolve("snap-check-catalog.camel.yaml"), Files.readString(SHIPPED.resolve("snap-check-catalog.camel.yaml"))
                    .replace("cron: \"{{snap.diagnostics.cron}}\"", "cron: \"0 45 7 * * ?\""));
            await().atMost(Duration.ofSeconds(30)).until(() -> "0 45 7 * * ?".equals(cron(jobs(child), "snap-check-catalog")));
            // a refused file would keep health at 503; a save is seen as more than one change, so a reload may still be under way
            await().atMost(Duration.ofSeconds(30)).until(() -> child.healthStatus() == 200);

            // the declaration is provisioned again when it is saved
            String before = provisioning(child).path("provisioned_at").asText();
            Files.writeString(declaration, Files.readString(declaration).replace("name: operator catalog", "name: operator catalog 2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(provisioning(child).path("provisioned_at").asText()));
        }
    }

    private static JsonNode jobs(ChildRuntime child) throws Exception {
        return JSON.readTree(child.get("/ops/jobs").body()).path("jobs");
    }

    private static String cron(JsonNode jobs, String id) {
        for (JsonNode job : jobs) {
            if (id.equals(job.path("id").asText())) {
                return job.path("cron").asText();
            }
        }
        return "";
    }

    private static JsonNode provisioning(ChildRuntime child) throws Exception {
        Path file = child.data().resolve("state/snap/provisioning.json");
        return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    private static String declaration(ChildRuntime child) throws Exception {
        return provisioning(child).path("declaration").asText();
    }
}
