package io.adrelay.snap;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import de.siegmar.fastcsv.reader.CsvReader;
import io.adrelay.common.storage.DataDirectory;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * bench/snap-feed.sh; not a test, run by hand. Three commands:
 * <ul>
 * <li>{@code generate FILE ROWS}: a feed of short rows (62 bytes with 8-digit ids: 34 million rows make 2.1 GB, just under 2 GiB),
 * 1 in 1,000 refused, and a few ids repeated, early and late;</li>
 * <li>{@code validate FILE}: validates it as the flow does ({@link SnapFeedPublisher#validate}: ids in the heap's share,
 * spilled past it, the published rows fsync'd, late duplicates taken out), and prints rows/s and CPU time (the script
 * reads the heap from a GC log);</li>
 * <li>{@code parse FILE}: the same file through Commons CSV alone (same format, every field touched),
 * a ceiling for the validator;</li>
 * <li>{@code fastcsv FILE}: the same file through FastCSV alone (every field touched), the fastest well-kept
 * Java CSV parser: the other ceiling.</li>
 * </ul>
 * Each prints a last line {@code result <what> <rows> <rows/s> <rows per CPU second>} for the script.
 */
public final class SnapFeedBench {

    private SnapFeedBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> generate(file, Long.parseLong(args[2]));
            case "validate" -> validate(file);
            case "parse" -> parse(file);
            case "fastcsv" -> fastCsv(file);
            default -> throw new IllegalArgumentException("generate FILE ROWS | validate FILE | parse FILE | fastcsv FILE");
        }
    }

    static void generate(Path file, long rows) throws Exception {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("id,title,description,link,image_link,availability,price,condition,brand\n");
            for (long i = 1; i <= rows; i++) {
                // every 10 millionth row repeats the id of a row 3 million before it: found late in a big feed
                long id = i % 10_000_000 == 0 ? i - 3_000_000 : i;
                out.write(id + ",T,D,http://e.co,http://e.co," + (i % 1000 == 999 ? "sold" : "in stock") + "," + (i % 90 + 10)
                        + ".99 USD,new,A\n");
            }
        }
        System.out.printf("generated %,d rows, %,d bytes%n", rows, Files.size(file));
    }

    static void validate(Path file) throws Exception {
        Path dir = Files.createTempDirectory(file.getParent(), "snap-feed-bench");
        Path published = dir.resolve(".feed.csv.tmp");
        Path report = dir.resolve("feed.errors.csv");
        // what a running adrelay has loaded before a feed comes (the data directory's durable files and the logging they
        // start), loaded before the clock starts: it is no part of a feed's validation
        Path warm = dir.resolve(".warm.tmp");
        try (DataDirectory.DurableOutput out = DataDirectory.durableOutput(warm)) {
            out.write(new byte[] {'\n'});
        }
        Files.delete(warm);
        // CPU time too: on a shared machine the wall time says more about the neighbours than about the validator
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        double processStart = processCpu();
        SnapFeedValidator.Outcome outcome;
        boolean spilled;
        // as the flow does it: the published rows written, digested and fsync'd, the late duplicates taken out
        try (ProductIds ids = new ProductIds(dir.resolve(".feed"), ProductIds.heapShare());
             InputStream in = Files.newInputStream(file)) {
            outcome = SnapFeedPublisher.validate(in, published, report, ids, "snap-feed-bench").outcome();
            spilled = ids.spilled();
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("validate: %,d rows (%,d MiB) in %.1f s (%.1f s CPU in the thread, %.1f s in the JVM) = %,.0f rows/s, %,.0f rows"
                        + " per CPU second; published %,d, refused %,d %s; ids spilled: %s; max heap %,d MiB, ids' share %,d MiB%n",
                outcome.rows(), Files.size(file) >> 20, seconds, cpu, processCpu() - processStart,
                outcome.rows() / seconds, outcome.rows() / cpu, outcome.published(), outcome.refused(), outcome.byCode(), spilled,
                Runtime.getRuntime().maxMemory() >> 20, ProductIds.heapShare() >> 20);
        result("validate", outcome.rows(), seconds, cpu);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    static void parse(Path file) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        double processStart = processCpu();
        long start = System.nanoTime();
        long rows = 0;
        long chars = 0;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
             CSVParser parser = format.parse(reader)) {
            for (CSVRecord row : parser) {
                rows++;
                for (int i = 0; i < row.size(); i++) {
                    chars += row.get(i).length();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("bare Commons CSV parse: %,d rows (%,d chars in fields) in %.1f s (%.1f s CPU in the thread, %.1f s in the JVM)"
                + " = %,.0f rows/s, %,.0f rows per CPU second%n", rows, chars, seconds, cpu, processCpu() - processStart, rows / seconds, rows / cpu);
        result("commons-csv", rows, seconds, cpu);
    }

    /** FastCSV's defaults (RFC 4180, blank lines skipped, no trimming), the header skipped, every field read as a String. */
    static void fastCsv(Path file) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        double processStart = processCpu();
        long start = System.nanoTime();
        long rows = 0;
        long chars = 0;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
            boolean header = true;
            for (CsvRecord row : reader) {
                if (header) {
                    header = false;
                    continue;
                }
                rows++;
                for (int i = 0; i < row.getFieldCount(); i++) {
                    chars += row.getField(i).length();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("bare FastCSV parse: %,d rows (%,d chars in fields) in %.1f s (%.1f s CPU in the thread, %.1f s in the JVM)"
                + " = %,.0f rows/s, %,.0f rows per CPU second%n", rows, chars, seconds, cpu, processCpu() - processStart, rows / seconds, rows / cpu);
        result("fastcsv", rows, seconds, cpu);
    }

    /** The line the script reads. */
    static void result(String what, long rows, double seconds, double cpu) {
        System.out.printf(Locale.ROOT, "result %s %d %.0f %.0f%n", what, rows, rows / seconds, rows / cpu);
    }

    /** CPU seconds of the whole JVM: the JIT and the collector too. */
    static double processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
