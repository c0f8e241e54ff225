package io.adrelay.snap;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/snap-feed.sh: generates a feed of N rows (1 in 1,000 refused), validates it as the flow
 * does, and prints rows/s and the peak heap. Not a test: run it by hand, with a small -Xmx to show
 * memory stays bounded.
 */
public final class SnapFeedBench {

    private SnapFeedBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("snap-feed-bench");
        Path feed = dir.resolve("feed.csv");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(feed, StandardCharsets.UTF_8), 1 << 16)) {
            out.write(SnapFeedValidatorTest.HEADER);
            for (int i = 0; i < rows; i++) {
                out.write(SnapFeedValidatorTest.row("sku-" + i, "https://shop.example.com/p/" + i,
                        i % 1000 == 999 ? "sold" : "in stock", (i % 500) + ".99 USD", "new", "Acme", ""));
            }
        }
        long size = Files.size(feed);
        // CPU time too: on a shared machine the wall time says more about the neighbours than about the validator
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SnapFeedValidator.Outcome outcome;
        try (InputStream in = Files.newInputStream(feed);
             Writer published = new BufferedWriter(Files.newBufferedWriter(dir.resolve("published.csv")), 1 << 16);
             Writer report = Files.newBufferedWriter(dir.resolve("errors.csv"))) {
            outcome = SnapFeedValidator.validate(in, published, report);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("snap feed: %,d rows (%,d MiB) validated in %.2f s (%.2f s CPU) = %,.0f rows/s; published %,d, refused %,d; "
                        + "peak heap %,d MiB (max %,d MiB)%n", outcome.rows(), size >> 20, seconds, cpu, outcome.rows() / seconds,
                outcome.published(), outcome.refused(), peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
