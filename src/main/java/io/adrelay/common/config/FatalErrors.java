package io.adrelay.common.config;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM Error (OutOfMemoryError, StackOverflowError, a class that cannot link) leaves the process in
 * a state nobody can vouch for: a consumer may have died with it. Health turns DOWN naming the
 * route, then the process exits with {@link #EXIT_CODE} so its supervisor (Docker, Kubernetes,
 * systemd) starts a fresh one; everything acknowledged is on disk and is taken up again.
 */
public final class FatalErrors extends AbstractHealthCheck {

    public static final int EXIT_CODE = 70;

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

    private final Runnable exit;
    private volatile String fatal;

    public FatalErrors() {
        this(FatalErrors::exitNow);
    }

    /** With what "exit" means: tests watch it happen instead of losing their JVM. */
    FatalErrors(Runnable exit) {
        super("adrelay", "fatal-errors");
        this.exit = exit;
    }

    /**
     * Errors thrown while an exchange is routed, or left as its exception (a bean step wraps them). An
     * Error passes every catch of Exception on its way up, and a polling consumer swallows it and polls
     * on: so each step of every route is wrapped.
     */
    public InterceptStrategy interceptor() {
        return (context, definition, target, next) -> new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return super.process(exchange, doneSync -> {
                        // a bean step does not throw an Error: it hands it back as (the cause of) the exchange's exception
                        Error error = errorIn(exchange.getException());
                        if (error != null) {
                            FatalErrors.this.fail("route " + exchange.getFromRouteId(), error);
                        }
                        callback.done(doneSync);
                    });
                } catch (VirtualMachineError | LinkageError error) {
                    FatalErrors.this.fail("route " + exchange.getFromRouteId(), error);
                    // end the exchange as failed: an Error thrown on would leave its caller waiting for a callback
                    exchange.setException(error);
                    callback.done(true);
                    return true;
                }
            }
        };
    }

    /** Errors that end any other thread. */
    public void watchThreads() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, thrown) -> {
            Error error = errorIn(thrown);
            if (error != null) {
                fail("thread " + thread.getName(), error);
            } else if (previous != null) {
                previous.uncaughtException(thread, thrown);
            } else {
                // with a default handler set, an exception that ends a thread (main's, say) would otherwise vanish
                // without a word: said as a log line, in the log's format (JSON lines stay JSON)
                LOG.error("Thread {} ended by an exception", thread.getName(), thrown);
            }
        });
    }

    /** Marks the process unhealthy and has it exit; the exit runs on its own thread so the failing one can unwind. */
    public synchronized void fail(String where, Error error) {
        if (fatal != null) {
            return;
        }
        fatal = error.getClass().getSimpleName() + " in " + where + ": " + error.getMessage();
        LOG.error("Fatal: {}; exiting with code {} so that the supervisor restarts adrelay", fatal, EXIT_CODE);
        exit.run();
    }

    private static void exitNow() {
        Thread exit = new Thread(() -> System.exit(EXIT_CODE), "adrelay-fatal-exit");
        Thread halt = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // a graceful stop that hangs after an Error must not keep a dead process around
            Runtime.getRuntime().halt(EXIT_CODE);
        }, "adrelay-fatal-halt");
        halt.setDaemon(true);
        halt.start();
        exit.start();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (fatal == null) {
            builder.up();
        } else {
            builder.down().message(fatal);
        }
    }

    private static Error errorIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError || t instanceof LinkageError) {
                return (Error) t;
            }
        }
        return null;
    }
}
