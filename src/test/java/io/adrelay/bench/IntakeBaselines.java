package io.adrelay.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.main.Main;

/**
 * The baselines bench/intake.sh sets beside adrelay's webhook intake (run from target/test-classes, never shipped):
 * on one Camel main with platform-http, {@code POST /bare} answers 202 at once, and {@code POST /durable} first
 * writes the body to its own file, fsyncs it, renames it into place and fsyncs the directory, one request at a time
 * per file as a plain durable route would.
 * <p>
 * Usage: {@code IntakeBaselines <port> <dir>}; stops on SIGTERM.
 */
public final class IntakeBaselines {

    private IntakeBaselines() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        AtomicLong next = new AtomicLong();
        Main main = new Main();
        // a lambda, not a RouteBuilder class: camel-main's scan of io.adrelay in the tests' JVMs would find one and fail on it
        main.configure().addLambdaRouteBuilder(routes -> {
            routes.from("platform-http:/bare?httpMethodRestrict=POST").setBody(routes.constant("{}"))
                    .setHeader("CamelHttpResponseCode", routes.constant(202));
            routes.from("platform-http:/durable?httpMethodRestrict=POST")
                    .process(e -> store(dir, next.incrementAndGet(), e.getIn().getBody(byte[].class)))
                    .setBody(routes.constant("{}")).setHeader("CamelHttpResponseCode", routes.constant(202));
        });
        // adrelay's application.properties is on the class path too: not this main's
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.run();
    }

    private static void store(Path dir, long n, byte[] body) throws IOException {
        Path tmp = dir.resolve("." + n + ".tmp");
        try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(body == null ? new byte[0] : body));
            file.force(true);
        }
        Files.move(tmp, dir.resolve(n + ".json"), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
