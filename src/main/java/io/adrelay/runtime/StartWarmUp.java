package io.adrelay.runtime;

import javax.net.ssl.SSLContext;

import org.apache.hc.core5.ssl.SSLContexts;

/**
 * Work every start needs later, done at once on a second thread while the main thread configures Camel: the JVM's
 * trusted certificates, which the first HTTP endpoint's TLS context parses (about 140 of them: a twentieth of the
 * main thread's start). The context made here is kept, so the parsed certificates stay in the JVM's cache (a weak one)
 * for the endpoints' own; should an endpoint come first, it waits for this parse instead of doing its own.
 */
public final class StartWarmUp {

    @SuppressWarnings("unused")
    private static volatile SSLContext tls;

    private StartWarmUp() {
    }

    /** Starts the warm-up; it ends by itself. */
    public static void begin() {
        Thread thread = new Thread(StartWarmUp::warm, "adrelay-start-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warm() {
        try {
            tls = SSLContexts.createDefault();
        } catch (RuntimeException | Error unusable) {
            // not a start's business: the endpoint that needs TLS reports it when it asks for a context of its own
        }
    }
}
