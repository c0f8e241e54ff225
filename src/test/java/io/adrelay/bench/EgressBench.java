package io.adrelay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.Simulator;

/**
 * bench/egress.sh: adrelay's outbound rate against each documented limit, read from the simulators' side. The
 * simulators run here on loopback ports, each enforcing its API's limit; {@code java -jar adrelay.jar} runs as a
 * child in the prod profile pointed at them, with every throttle as shipped (nothing raised: the caller's variables are
 * not passed on); each API gets work for several of its windows, all at once; then each simulator's request journal
 * gives one line per limit: the rate achieved, the most requests any window held, the 429s.
 * <p>
 * Usage (from target/test-classes and the jar, never shipped):
 * {@code EgressBench <adrelay.jar> <work dir> [apisync items] [snap campaigns] [bsa days] [statlas batches] [statlas files]};
 * {@code -Degress.journals=DIR} keeps the simulators' journals there; {@code -Degress.progress=true} says how far each API got.
 */
public final class EgressBench {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration AT_MOST = Duration.ofMinutes(15);
    /** Every 30 s, how far each API got, on stderr (-Degress.progress=true; egress.sh sets it on a terminal). */
    private static final boolean PROGRESS = Boolean.getBoolean("egress.progress");
    /** Per figure, the throttle in front of its requests (APISync's inventory items are all writes). */
    private static final Map<String, String> BUDGETS = Map.of("apisync", "apisync.write.throttle", "snap", "snap.throttle",
            "bsa", "bsa.throttle", "statlas-get", "statlas.get.throttle", "statlas-write", "statlas.write.throttle",
            "statlas-upload", "statlas.upload.throttle");

    private EgressBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EgressBench <adrelay.jar> <work dir> [apisync items] [snap campaigns] [bsa days] [statlas batches]"
                    + " [statlas files]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int items = size(args, 2, 300);
        int campaigns = size(args, 3, 150);
        int days = size(args, 4, 45);
        int batches = size(args, 5, 200);
        int files = size(args, 6, 25);
        if (days > 60) {
            throw new IllegalArgumentException("bsa days: at most 60, the days of data the BuySellAds simulator holds");
        }
        Map<String, EgressLoad> loads = new LinkedHashMap<>();
        loads.put("apisync", new ApisyncEgressLoad(items));
        loads.put("snap", new SnapEgressLoad(campaigns, work));
        loads.put("bsa", new BsaEgressLoad(days));
        loads.put("statlas", new StatlasEgressLoad(batches, files, work));
        boolean complete;
        try (AdrelayProcess adrelay = new AdrelayProcess(jar, work, String.join(",", loads.keySet()))) {
            loads.values().forEach(load -> load.configure(adrelay));
            long began = System.nanoTime();
            adrelay.start(READY);
            long ready = System.nanoTime();
            System.out.printf(Locale.ROOT, "egress: adrelay (prod, throttles as shipped) ready in %.1f s; every API's work at once%n",
                    seconds(ready - began));
            for (EgressLoad load : loads.values()) {
                load.push(adrelay);
            }
            Map<String, Long> doneAt = awaitDone(loads, adrelay, ready);
            complete = doneAt.size() == loads.size();
            Properties shipped = shippedProperties();
            for (Map.Entry<String, EgressLoad> load : loads.entrySet()) {
                load.getValue().figures().forEach(figure -> System.out.println(line(figure, shipped)));
                Long at = doneAt.get(load.getKey());
                System.out.printf(Locale.ROOT, "  %s: %s, %s; adrelay's throttles: %s%n", load.getKey(), load.getValue().progress(),
                        at == null ? "NOT DONE in " + AT_MOST.toMinutes() + " min" : String.format(Locale.ROOT, "done %.1f s after ready", seconds(at - ready)),
                        throttles(shipped, load.getValue().throttles()));
            }
            System.out.println("  adrelay peak RSS " + adrelay.peakRssMiB() + " MiB");
            String keep = System.getProperty("egress.journals");
            if (keep != null) {
                keepJournals(loads, Path.of(keep));
            }
        } finally {
            loads.values().forEach(EgressLoad::close);
        }
        System.exit(complete ? 0 : 1);
    }

    /** Polls until every load is done, adrelay exits, or the time is up: when each got done, in nanoTime. */
    private static Map<String, Long> awaitDone(Map<String, EgressLoad> loads, AdrelayProcess adrelay, long ready) throws InterruptedException {
        Map<String, Long> doneAt = new LinkedHashMap<>();
        long lastReport = ready;
        while (doneAt.size() < loads.size() && System.nanoTime() - ready < AT_MOST.toNanos()) {
            if (!adrelay.isAlive()) {
                System.err.println("egress: adrelay exited before the work was done");
                break;
            }
            for (Map.Entry<String, EgressLoad> load : loads.entrySet()) {
                if (!doneAt.containsKey(load.getKey()) && load.getValue().done()) {
                    doneAt.put(load.getKey(), System.nanoTime());
                }
            }
            if (PROGRESS && System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                lastReport = System.nanoTime();
                List<String> pending = new ArrayList<>();
                loads.forEach((name, load) -> {
                    if (!doneAt.containsKey(name)) {
                        pending.add(name + ": " + load.progress());
                    }
                });
                System.err.printf(Locale.ROOT, "egress: %.0f s, %s%n", seconds(lastReport - ready), String.join("; ", pending));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return doneAt;
    }

    /** Each simulator's journal as &lt;Simulator&gt;.tsv: epoch ms (when answered), method, path, status; to see where the time went. */
    private static void keepJournals(Map<String, EgressLoad> loads, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (EgressLoad load : loads.values()) {
            for (Simulator simulator : load.simulators()) {
                StringBuilder tsv = new StringBuilder();
                for (JournalEntry e : simulator.journal().entries()) {
                    tsv.append(e.time().toEpochMilli()).append('\t').append(e.method()).append('\t').append(e.path()).append('\t')
                            .append(e.status()).append('\n');
                }
                Files.writeString(dir.resolve(simulator.getClass().getSimpleName() + ".tsv"), tsv);
            }
        }
        System.err.println("egress: journals kept in " + dir.toAbsolutePath());
    }

    /** The jar's application.properties: the throttles as shipped. */
    private static Properties shippedProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EgressBench.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties;
    }

    /** The figure's line, with its rate against the shipped budget of the egress that made its requests. */
    private static String line(EgressFigure figure, Properties shipped) {
        String throttle = BUDGETS.get(figure.name());
        String permits = throttle == null ? null : shipped.getProperty(throttle + ".requests");
        String period = throttle == null ? null : shipped.getProperty(throttle + ".period-ms");
        if (permits == null || period == null) {
            return figure.line();
        }
        return figure.line(Integer.parseInt(permits.trim()), Long.parseLong(period.trim()));
    }

    private static String throttles(Properties shipped, List<String> prefixes) {
        List<String> budgets = new ArrayList<>();
        for (String prefix : prefixes) {
            budgets.add(prefix.replace(".throttle", "") + " " + shipped.getProperty(prefix + ".requests", "?") + " per "
                    + shipped.getProperty(prefix + ".period-ms", "?") + " ms");
        }
        return String.join(", ", budgets);
    }

    private static int size(String[] args, int index, int otherwise) {
        if (args.length <= index) {
            return otherwise;
        }
        int n = Integer.parseInt(args[index]);
        if (n < 1) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be at least 1, not " + n);
        }
        return n;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
