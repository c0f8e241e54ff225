package io.adrelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The cluster intake bench's reading of wrk's output (with bench/cluster-intake.lua's count of 202s). */
class WrkRunTest {

    static final String OUTPUT = """
            Running 15s test @ http://127.0.0.1:40123/webhooks/statlas
              3 threads and 63 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    61.02ms   40.11ms   1.20s    91.02%
                Req/Sec   345.12     80.40   520.00     70.00%
              Latency Distribution
                 50%   52.00ms
                 75%   70.13ms
                 90%   99.80ms
                 99%    1.02s
              15510 requests in 15.03s, 2.10MB read
              Non-2xx or 3xx responses: 10
            Requests/sec:   1031.94
            Transfer/sec:    143.07KB
            accepted 15500
            """;

    @Test
    void readsTheAnswersThe202sTheSecondsAndTheP99InItsUnit() {
        WrkRun run = WrkRun.parse(OUTPUT);

        assertEquals(15510, run.requests());
        assertEquals(15500, run.accepted());
        assertEquals(15.03, run.seconds(), 1e-9);
        assertEquals(1020, run.p99Millis(), 1e-9, "seconds read as milliseconds");
        assertEquals(15500 / 15.03, run.acceptedPerSecond(), 1e-9, "the 202s per second, not wrk's requests per second");
        assertEquals(100.0 * 10 / 15510, run.otherPercent(), 1e-9);
    }

    @Test
    void aP99InMicrosecondsIsReadAsAFractionOfAMillisecond() {
        assertEquals(0.85, WrkRun.parse(OUTPUT.replace("99%    1.02s", "99%  850.00us")).p99Millis(), 1e-9);
    }

    @Test
    void anOutputWithoutTheCountOf202sFailsNamingIt() {
        // wrk run without the script's done(): no count to hold the stored rows against
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> WrkRun.parse(OUTPUT.replace("accepted 15500", "")));
        assertEquals(true, missing.getMessage().contains("accepted"), missing.getMessage());
    }
}
