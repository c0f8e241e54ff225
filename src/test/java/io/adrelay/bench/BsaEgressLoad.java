package io.adrelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import io.adrelay.sandbox.BsaSimulator;
import io.adrelay.sandbox.Simulator;

/**
 * BuySellAds at 60 requests a minute (it publishes no limit; 60/min is the one the project keeps to): a backfill of
 * the last N days of every report, the reports' runs at once, so they share the one budget.
 */
final class BsaEgressLoad implements EgressLoad {

    static final int PER_MINUTE = 60;
    static final List<String> REPORTS = List.of("lineitems", "daily-stats", "creatives", "creatives-daily-stats");
    private static final String KEY = "bench-bsa-key";

    private final int days;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private BsaSimulator bsa;
    private Path outbox;

    BsaEgressLoad(int days) {
        this.days = days;
    }

    @Override
    public void configure(AdrelayProcess adrelay) {
        bsa = new BsaSimulator(KEY, today, PER_MINUTE, Duration.ofMinutes(1)).start();
        outbox = adrelay.data().resolve("outbox/bsa");
        // no catch-up at start: the backfill below is the whole work (catch-up is no throttle)
        adrelay.env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", KEY).env("BSA_CATCH_UP_ENABLED", "false");
    }

    @Override
    public void push(AdrelayProcess adrelay) throws IOException, InterruptedException {
        String range = "{\"from\": \"" + today.minusDays(days) + "\", \"to\": \"" + today.minusDays(1) + "\"}";
        for (String report : REPORTS) {
            HttpResponse<String> run = adrelay.postOps("/ops/jobs/bsa-pull-report-" + report + "/run", range);
            if (run.statusCode() != 202) {
                throw new IllegalStateException("the backfill of " + report + " was answered " + run.statusCode() + ": " + run.body());
            }
        }
    }

    @Override
    public boolean done() {
        return pulled() >= (long) days * REPORTS.size();
    }

    @Override
    public String progress() {
        return pulled() + " of " + days * REPORTS.size() + " report days (" + REPORTS.size() + " reports x " + days + " days, backfilled at once)";
    }

    /** Report days written: outbox/bsa/<report>/<yyyy-mm-dd>.csv. */
    private long pulled() {
        long files = 0;
        for (String report : REPORTS) {
            Path dir = outbox.resolve(report);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    files += list.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.csv")).count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    @Override
    public List<String> throttles() {
        return List.of("bsa.throttle");
    }

    @Override
    public List<EgressFigure> figures() {
        return List.of(EgressFigure.of("bsa", PER_MINUTE + "/min", PER_MINUTE, Duration.ofMinutes(1), bsa.journal().entries()));
    }

    @Override
    public List<Simulator> simulators() {
        return List.of(bsa);
    }

    @Override
    public void close() {
        if (bsa != null) {
            bsa.close();
        }
    }
}
