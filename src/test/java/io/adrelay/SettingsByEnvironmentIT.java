package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Fault;
import io.adrelay.sandbox.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of application.properties is set by an environment variable of one rule (upper case, dots and dashes become
 * underscores), Camel's own keys with dashes included: CAMEL_COMPONENT_HTTP_SO_TIMEOUT is camel.component.http.so-timeout.
 * Asserted on its effect, a slow answer given up after the configured time, not on a log line.
 */
class SettingsByEnvironmentIT {

    static final String KEY = "bsa-env-key-5150";

    @TempDir
    Path data;

    @Test
    void aCamelKeyWithADashIsSetByItsEnvironmentVariable() throws Exception {
        try (BsaSimulator bsa = new BsaSimulator(KEY, LocalDate.now()).start();
             ChildRuntime child = ChildRuntime.prod("settings-env", "bsa", data)
                     .env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", KEY).env("BSA_CATCH_UP_ENABLED", "false")
                     .env("CAMEL_COMPONENT_HTTP_SO_TIMEOUT", "1000").start()) {
            // the first answer takes 30 s (the default so-timeout, 60 s, would wait for it); the retry is answered at once
            bsa.faults().next(1, Fault.delay(Duration.ofSeconds(30)));
            long began = System.nanoTime();
            HttpResponse<String> run = child.send(HttpRequest.newBuilder(child.uri("/ops/jobs/bsa-pull-report-lineitems/run?wait=true"))
                    .header("Authorization", "Bearer " + ChildRuntime.OPS_TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertEquals(200, run.statusCode(), run.body());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "given up after ~1 s, then retried: took " + took);
            assertTrue(took.compareTo(Duration.ofMillis(900)) > 0, "the first call waited ~1 s: took " + took);
            assertEquals(List.of(200), bsa.journal().entries().stream().map(JournalEntry::status).toList(),
                    "the retry answered (the slow first call is journalled once its delay ends)");
        }
    }
}
