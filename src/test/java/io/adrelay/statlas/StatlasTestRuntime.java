package io.adrelay.statlas;

import java.nio.file.Path;

import io.adrelay.TestRuntime;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.StatlasSimulator;

/** The Statlas flow in prod profile against a Statlas and a Drive simulator: what every Statlas IT starts from. */
final class StatlasTestRuntime {

    static final String KEY = "statlas-key-0123456789";
    static final String SECRET = "statlas-hook-secret-42";
    static final String DRIVE_TOKEN = "drive-token-123";

    private StatlasTestRuntime() {
    }

    static TestRuntime of(Path data, StatlasSimulator statlas, DriveSimulator drive) {
        return TestRuntime.prod("statlas", data.toString())
                .set("statlas.base-url", statlas.baseUrl()).set("statlas.api-key", KEY).set("statlas.webhook-secret", SECRET)
                .set("statlas.drive-folder-id", DriveSimulator.ROOT_ID).set("google.drive-access-token", DRIVE_TOKEN)
                .set("google.drive-root-url", drive.baseUrl() + "/")
                // tests look at Drive from the start, not five seconds in
                .set("statlas.drive.poll-delay", "200");
    }
}
