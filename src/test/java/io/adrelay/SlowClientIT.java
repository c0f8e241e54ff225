package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.WebhookAuthenticator;

/**
 * Slow clients cannot take the HTTP server: adrelay runs under {@code ulimit -n 1024}; a burst of more
 * half-sent requests than that is opened against it and more keep coming, it never holds more sockets than
 * its bound (half its descriptors), and once the burst is taken in, health and a webhook each answer a fresh
 * client within a second while the flood goes on; a half-sent request, and a connection that sends nothing,
 * are closed once the header timeout has passed.
 */
class SlowClientIT {

    static final int DESCRIPTOR_LIMIT = 1024;
    /** More than the child can hold descriptors for. */
    static final int SLOW_CLIENTS = 1500;
    static final int MORE_PER_SECOND = 200;
    static final long HEADER_TIMEOUT_MS = 2000;
    static final long ANSWER_WITHIN_MS = 1000;
    static final String APISYNC_TOKEN = "apisync-token-slow-clients";
    static final String APISYNC_SECRET = "apisync-webhook-secret-slow-clients";
    static final String HALF_REQUEST = "POST /webhooks/apisync/inventory-items HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

    @TempDir
    Path tmp;

    @Test
    void moreSlowClientsThanDescriptorsLeaveHealthAndWebhooksAnswering() throws Exception {
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN).start();
             ChildRuntime child = ChildRuntime.prod("slow-clients", "apisync", tmp.resolve("data")).descriptorLimit(DESCRIPTOR_LIMIT)
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                     .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                     .property("adrelay.http.header-timeout-ms", String.valueOf(HEADER_TIMEOUT_MS));
             SlowClients slow = new SlowClients(child.port())) {
            child.start();

            // alone, a half-sent request and a silent connection are closed after the header timeout, not before
            long opened = System.nanoTime();
            Socket half = slow.open();
            Socket silent = slow.connect();
            long halfClosedAfter = millisUntilClosed(half, opened);
            long silentClosedAfter = millisUntilClosed(silent, opened);

            // a burst of more slow clients than the child has descriptors: they queue in the kernel, not in adrelay
            slow.open(SLOW_CLIENTS);
            long socketsAfterBurst = sockets(child.pid());
            Exchange firstAfterBurst = Exchange.of(child.port(), "GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            // the burst is taken in at the rate the server sets connections up (about 1,000 a second on a busy machine)
            await().atMost(Duration.ofSeconds(30)).until(() -> Exchange.of(child.port(),
                    "GET /observe/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status() == 200);
            // and more keep coming while health and the webhook are asked
            ScheduledExecutorService more = Executors.newSingleThreadScheduledExecutor();
            more.scheduleAtFixedRate(() -> slow.open(MORE_PER_SECOND / 10), 0, 100, TimeUnit.MILLISECONDS);
            List<Long> healthMillis = new ArrayList<>();
            List<Long> webhookMillis = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            AtomicLong maxSockets = new AtomicLong();
            try {
                // a health and a webhook every half second for 2.5 s, while some 500 more slow clients come
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                    int i = healthMillis.size();
                    Exchange health = Exchange.of(child.port(), "GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                    healthMillis.add(health.millis());
                    answers.add("health " + health.status());
                    String body = "{\"reference_id\": \"slow-" + i + "\", \"ad_template_type\": \"vehicle\", \"available\": true,"
                            + " \"content_language\": \"pt-br\", \"brand\": \"Volkswagen\", \"model\": \"Jetta\", \"year\": 2018,"
                            + " \"price\": {\"amount\": 2117990, \"currency\": \"BRL\"}, \"link\": \"https://example.com/jetta\"}";
                    Exchange webhook = Exchange.of(child.port(), "POST /webhooks/apisync/inventory-items HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + WebhookAuthenticator.TOKEN_HEADER + ": " + APISYNC_SECRET + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
                    webhookMillis.add(webhook.millis());
                    answers.add("webhook " + webhook.status());
                    maxSockets.accumulateAndGet(sockets(child.pid()), Math::max);
                    return healthMillis.size() == 5;
                });
            } finally {
                more.shutdown();
                assertTrue(more.awaitTermination(30, TimeUnit.SECONDS));
            }
            System.out.printf("SlowClientIT: descriptor limit %d; %d slow connections opened (%d not accepted within 2 s); adrelay held %d"
                            + " sockets right after a burst of %d, where health answered %d in %d ms; then at most %d sockets while %d more slow"
                            + " clients a second kept coming and health answered in %s ms, the webhook in %s ms;"
                            + " a half-sent request was closed after %d ms, a silent connection after %d ms (header timeout %d ms)%n",
                    DESCRIPTOR_LIMIT, slow.opened(), slow.refused(), socketsAfterBurst, SLOW_CLIENTS, firstAfterBurst.status(),
                    firstAfterBurst.millis(), maxSockets.get(), MORE_PER_SECOND, healthMillis, webhookMillis, halfClosedAfter, silentClosedAfter,
                    HEADER_TIMEOUT_MS);

            long peakSockets = maxSockets.get();
            assertAll(
                    () -> assertTrue(slow.opened() > DESCRIPTOR_LIMIT, "more slow clients than descriptors: " + slow.opened()),
                    // health 200: every check UP, the data dir's free space among them (it could still open files)
                    () -> assertEquals(List.of("health 200", "webhook 202", "health 200", "webhook 202", "health 200", "webhook 202",
                            "health 200", "webhook 202", "health 200", "webhook 202"), answers),
                    () -> assertTrue(healthMillis.stream().allMatch(ms -> ms < ANSWER_WITHIN_MS), "health answered in " + healthMillis + " ms"),
                    () -> assertTrue(webhookMillis.stream().allMatch(ms -> ms < ANSWER_WITHIN_MS), "the webhook answered in " + webhookMillis + " ms"),
                    // client sockets, closed ones not yet freed included, take at most half the descriptors (a few more are adrelay's own)
                    () -> assertTrue(Math.max(peakSockets, socketsAfterBurst) <= DESCRIPTOR_LIMIT / 2 + 16,
                            "adrelay held " + Math.max(peakSockets, socketsAfterBurst) + " sockets of its " + DESCRIPTOR_LIMIT + " descriptors"),
                    () -> assertTrue(halfClosedAfter >= HEADER_TIMEOUT_MS - 200 && halfClosedAfter < HEADER_TIMEOUT_MS + 3000,
                            "a half-sent request was closed after " + halfClosedAfter + " ms"),
                    () -> assertTrue(silentClosedAfter >= HEADER_TIMEOUT_MS - 200 && silentClosedAfter < HEADER_TIMEOUT_MS + 3000,
                            "a silent connection was closed after " + silentClosedAfter + " ms"),
                    () -> assertTrue(child.isAlive(), "adrelay still runs; see " + child.log()));
        }
    }

    /** Blocks until the server closes the connection; how long after {@code opened} (System.nanoTime) that was (15 s at most). */
    static long millisUntilClosed(Socket socket, long opened) throws IOException {
        socket.setSoTimeout(15_000);
        try {
            while (socket.getInputStream().read() != -1) {
                // an error answer before the close is allowed; the close is what counts
            }
        } catch (SocketTimeoutException stillOpen) {
            return 15_000;
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
        return (System.nanoTime() - opened) / 1_000_000;
    }

    /** Sockets the process holds (its descriptors that are sockets): the connections it keeps, plus a few of its own. */
    static long sockets(long pid) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
        }
        return count;
    }

    /** One request on a fresh connection, the answer read to its end: its status and how long it all took. */
    record Exchange(int status, long millis) {
        static Exchange of(int port, String request) throws IOException {
            long began = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                String answer = readAll(socket.getInputStream());
                long millis = (System.nanoTime() - began) / 1_000_000;
                int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
                return new Exchange(status, millis);
            } catch (SocketTimeoutException noAnswer) {
                return new Exchange(-1, (System.nanoTime() - began) / 1_000_000);
            }
        }

        private static String readAll(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Clients that connect and send half a request, then wait; all closed at the end. */
    static final class SlowClients implements AutoCloseable {
        private final int port;
        private final List<Socket> sockets = new ArrayList<>();
        private int refused;

        SlowClients(int port) {
            this.port = port;
        }

        /** A connection that has sent nothing. */
        synchronized Socket connect() throws IOException {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return socket;
        }

        /** A connection that has sent half a request. */
        Socket open() throws IOException {
            Socket socket = connect();
            socket.getOutputStream().write(HALF_REQUEST.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        }

        void open(int count) {
            for (int i = 0; i < count; i++) {
                try {
                    open();
                } catch (IOException notAccepted) {
                    synchronized (this) {
                        refused++;
                    }
                }
            }
        }

        synchronized int opened() {
            return sockets.size();
        }

        synchronized int refused() {
            return refused;
        }

        @Override
        public synchronized void close() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
