package io.adrelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of wrk with bench/cluster-intake.lua (its threads spread over the nodes' ports, each counting its 202s), and
 * what its output says: the requests answered, the 202s among them, the seconds it ran and the 99th percentile latency.
 */
record WrkRun(long requests, long accepted, double seconds, double p99Millis) {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern ACCEPTED = Pattern.compile("(?m)^accepted (\\d+)$");
    private static final Pattern P99 = Pattern.compile("(?m)^\\s*99(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$");

    /** Runs wrk to its end: threads over the ports (thread i on port i mod n), connections spread over the threads. */
    static WrkRun run(Path script, List<Integer> ports, int threads, int connections, int seconds, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), "http://127.0.0.1:" + ports.get(0) + "/webhooks/statlas"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NODE_PORTS", String.join(",", ports.stream().map(String::valueOf).toList()));
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return parse(output);
    }

    /** The figures of wrk's output; a missing one fails, naming the output. */
    static WrkRun parse(String output) {
        Matcher requests = find(REQUESTS, output);
        Matcher accepted = find(ACCEPTED, output);
        Matcher p99 = find(P99, output);
        return new WrkRun(Long.parseLong(requests.group(1)), Long.parseLong(accepted.group(1)),
                millis(requests.group(2), requests.group(3)) / 1000, millis(p99.group(1), p99.group(2)));
    }

    /** 202s per second. */
    double acceptedPerSecond() {
        return seconds > 0 ? accepted / seconds : 0;
    }

    /** The share of answers other than 202, in percent. */
    double otherPercent() {
        return requests > 0 ? 100.0 * (requests - accepted) / requests : 0;
    }

    private static Matcher find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in wrk's output:\n" + output);
        }
        return matcher;
    }

    private static double millis(String value, String unit) {
        double number = Double.parseDouble(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> number / 1000;
            case "ms" -> number;
            case "s" -> number * 1000;
            case "m" -> number * 60_000;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
