package io.adrelay.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.adrelay.common.intake.TrackingIds;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * bench/backlog-start.sh: fills an intake queue's journal with N stored Statlas events, as a runtime that acknowledged
 * them and stopped would leave it (64 adders at once, so the adds share their fsyncs).
 * Arguments: the queue's directory (&lt;data&gt;/state/statlas/events), N.
 */
public final class IntakeBacklog {

    private IntakeBacklog() {
    }

    public static void main(String[] args) throws InterruptedException {
        FileIntakeStore queue = new FileIntakeStore(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        ExecutorService adders = Executors.newFixedThreadPool(64);
        for (int i = 0; i < n; i++) {
            byte[] event = ("{\"tracking_id\":\"x\",\"event\":{\"event\":\"batch.created\",\"data\":{\"batch_id\":\"B" + i
                    + "\",\"shop\":\"s\"}}}").getBytes(StandardCharsets.UTF_8);
            adders.execute(() -> queue.add(TrackingIds.next(), event));
        }
        adders.shutdown();
        if (!adders.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the backlog was not stored within 10 minutes");
        }
        System.out.println(queue.pendingCount() + " events stored in " + queue.dir());
    }
}
