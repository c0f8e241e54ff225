package io.adrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.Simulator;
import io.adrelay.sandbox.StatlasSimulator;

/**
 * Statlas at the spec's three limits a minute (GET 100, POST and PATCH 30, file uploads 10), with the Drive it
 * needs: batch.created for N batches of one ad (each a GET, then its Drive folders: a batch's fetch waits for Drive's
 * budget too), and M files dropped for one ad (each a GET of its batch, then the upload). POST and PATCH come only from deliveries of finished Drive folders, which this
 * load does not make: that line shows what was sent, if anything.
 */
final class StatlasEgressLoad implements EgressLoad {

    static final int GETS = 100;
    static final int WRITES = 30;
    static final int UPLOADS = 10;
    private static final String KEY = "bench-statlas-key";
    private static final String SECRET = "bench-statlas-webhook-secret";
    private static final String DRIVE_TOKEN = "bench-drive-token";
    /** A seeded batch (its ad 4 is a static one), and the last of its Drive folders adrelay prepares. */
    private static final String UPLOAD_BATCH = "BAT001";
    private static final Path UPLOAD_FOLDERS = Path.of("BAMBU-XMAS-001", "BAMBU-XMAS-001-05");

    private final int batches;
    private final int files;
    private final Path work;
    private StatlasSimulator statlas;
    private DriveSimulator drive;

    StatlasEgressLoad(int batches, int files, Path work) {
        this.batches = batches;
        this.files = files;
        this.work = work;
    }

    @Override
    public void configure(AdrelayProcess adrelay) {
        statlas = new StatlasSimulator(KEY).start();
        drive = new DriveSimulator(work.resolve("drive"), DRIVE_TOKEN).start();
        adrelay.env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", KEY).env("STATLAS_WEBHOOK_SECRET", SECRET)
                .env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID).env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN)
                .env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/");
    }

    @Override
    public void push(AdrelayProcess adrelay) throws IOException, InterruptedException {
        String webhook = adrelay.uri("/webhooks/statlas?token=" + SECRET).toString();
        // the batch of the uploads first: a file for a batch adrelay does not know yet is refused
        announce(webhook, UPLOAD_BATCH);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.isDirectory(drive.root().resolve(UPLOAD_FOLDERS))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("adrelay did not prepare the Drive folders of " + UPLOAD_BATCH + " within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Path inbox = Files.createDirectories(adrelay.data().resolve("inbox/statlas/" + UPLOAD_BATCH + "/4"));
        Path staging = Files.createDirectories(adrelay.data().resolve("statlas-staging"));
        for (int f = 1; f <= files; f++) {
            Path file = Files.write(staging.resolve("still-" + f + ".png"), ("bench still " + f).repeat(100).getBytes());
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        // the batches are submitted now, not before adrelay started: its reconciliation at start would fetch each of them
        // too, besides the event's fetch
        for (int b = 1; b <= batches; b++) {
            statlas.addBatch(batchId(b), String.format("BENCH-%03d", b), "bambu-earth", 0, 1, "in_production");
        }
        for (int b = 1; b <= batches; b++) {
            announce(webhook, batchId(b));
        }
    }

    private void announce(String webhook, String batchId) throws IOException, InterruptedException {
        int status = statlas.sendBatchCreated(webhook, batchId);
        if (status != 202) {
            throw new IllegalStateException("batch.created for " + batchId + " was answered " + status);
        }
    }

    private static String batchId(int b) {
        return String.format("BEN%03d", b);
    }

    @Override
    public boolean done() {
        return fetched() >= batches && uploaded() >= files;
    }

    @Override
    public String progress() {
        return fetched() + " of " + batches + " batches fetched (batch.created), " + uploaded() + " of " + files + " files uploaded (drops), "
                + drive.journal().entries().size() + " Drive requests (the batches' folders, the polls)";
    }

    private long fetched() {
        return statlas.journal().entries().stream()
                .filter(e -> "GET".equals(e.method()) && e.path().startsWith("/batches/BEN") && e.status() == 200)
                .map(JournalEntry::path).distinct().count();
    }

    private long uploaded() {
        return statlas.journal().count(e -> isUpload(e) && e.status() / 100 == 2);
    }

    private static boolean isUpload(JournalEntry e) {
        return !"GET".equals(e.method()) && e.path().endsWith("/assets");
    }

    @Override
    public List<String> throttles() {
        return List.of("statlas.get.throttle", "statlas.write.throttle", "statlas.upload.throttle", "drive.throttle");
    }

    @Override
    public List<EgressFigure> figures() {
        // the simulator's three limiters, as it picks them
        List<JournalEntry> entries = statlas.journal().entries();
        Duration minute = Duration.ofMinutes(1);
        List<EgressFigure> figures = new ArrayList<>();
        figures.add(EgressFigure.of("statlas-get", GETS + "/min", GETS, minute, entries.stream().filter(e -> "GET".equals(e.method())).toList()));
        List<JournalEntry> writes = entries.stream().filter(e -> !"GET".equals(e.method()) && !isUpload(e)).toList();
        if (!writes.isEmpty()) {
            figures.add(EgressFigure.of("statlas-write", WRITES + "/min", WRITES, minute, writes));
        }
        figures.add(EgressFigure.of("statlas-upload", UPLOADS + "/min", UPLOADS, minute, entries.stream().filter(StatlasEgressLoad::isUpload).toList()));
        return figures;
    }

    @Override
    public List<Simulator> simulators() {
        return List.of(statlas, drive);
    }

    @Override
    public void close() {
        if (statlas != null) {
            statlas.close();
        }
        if (drive != null) {
            drive.close();
        }
    }
}
