package io.adrelay.common.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DirectorySync;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.StorageException;

/**
 * What becomes of a dropped file whose processing failed. When the disk refused a write, nothing:
 * the file stays in the inbox and is taken again once there is space. Otherwise the file moves to
 * the .error/ folder beside it, after &lt;name&gt;.error.json saying why (and naming the dead letter
 * when an API call still failed after retries, whose replay puts the file back in the inbox).
 * The reason and the move are written by {@link InboxWriters}, so the fsyncs of several refused files are under way
 * together, and the consumer goes on with the next file meanwhile. The exchange ends (and the move is logged)
 * once both folders are fsync'd; that fsync is shared with the files refused meanwhile ({@link DirectorySync}).
 */
public class FileErrorReason extends AsyncProcessorSupport {

    /** Where a file dead letter's replay sends it: back to its inbox. */
    public static final String REQUEUE_URI = "direct:ops-requeue-file";
    /** Headers of that replay: the file in .error/ and the place it came from. */
    public static final String REQUEUE_FROM = "AdrelayRequeueFrom";
    public static final String REQUEUE_TO = "AdrelayRequeueTo";

    private static final Logger LOG = LoggerFactory.getLogger(FileErrorReason.class);

    private final Supplier<DeadLetterStore> deadLetters;
    private final InboxWriters writers;

    /** @param deadLetters the store, asked for at the first refused file (bound after the route configurations) */
    public FileErrorReason(Supplier<DeadLetterStore> deadLetters) {
        this(deadLetters, InboxWriters.shared());
    }

    /** @param writers where the reason and the move are written (a test's own, to hold them) */
    FileErrorReason(Supplier<DeadLetterStore> deadLetters, InboxWriters writers) {
        this.deadLetters = deadLetters;
        this.writers = writers;
    }

    /** What went wrong, in words: the message, or for a JVM Error (wrapped by Camel) its kind and message. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CamelExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t == null ? "unknown" : t instanceof Error ? t.toString() : String.valueOf(t.getMessage());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        // the consumed file as the consumer knows it: the route may have replaced the message's file headers
        GenericFile<?> dropped = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        if (dropped == null || staysInPlace(exchange, Path.of(dropped.getAbsoluteFilePath()))) {
            callback.done(true);
            return true;
        }
        // written by another thread: the consumer goes on with the next file meanwhile
        Map<String, String> fields = MDC.getCopyOfContextMap();
        writers.write(() -> setAside(exchange, dropped, fields).whenComplete((ok, failure) -> callback.done(false)))
                .exceptionally(failed -> {
                    exchange.setException(failed);
                    callback.done(false);
                    return null;
                });
        return false;
    }

    /** True when the file is to stay where it is: the disk refused a write, or a stop cut its processing short. */
    private static boolean staysInPlace(Exchange exchange, Path file) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (StorageException.in(failure) != null) {
            StorageException.logWait(LOG, file.toString(), failure);
            InboxPolling.leftInPlace(exchange);
            return true;
        }
        // a stop cut it short: the file stays where it is for the next start
        return RetryPolicy.cutShortByStop(exchange);
    }

    /** Moves the file aside with its reason; the future completes when that is durable. */
    private CompletableFuture<Void> setAside(Exchange exchange, GenericFile<?> dropped, Map<String, String> fields) throws IOException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Path file = Path.of(dropped.getAbsoluteFilePath());
        String name = file.getFileName().toString();
        Path errorDir = file.resolveSibling(".error");
        String stored = InboxNames.safe(name);
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("file", dropped.getRelativeFilePath());
        reason.put("failed_at", Instant.now().toString());
        reason.put("reason", describe(failure));
        if (failure instanceof InvalidInputException invalid) {
            reason.put("problems", invalid.problems());
        }
        if (RetryPolicy.isRetryable(failure) || ApiCallException.in(failure) != null) {
            exchange.setProperty(Flow.REPLAY_URI, REQUEUE_URI);
            exchange.getIn().setHeader(REQUEUE_FROM, errorDir.resolve(stored).toString());
            exchange.getIn().setHeader(REQUEUE_TO, file.toString());
            reason.put("dead_letter", deadLetters.get().write(exchange));
        }
        String text = SecretMasker.mask(Json.PRETTY.writeValueAsString(reason));
        // the reason first: a crash never leaves a file in .error/ without it (renames in one folder are journaled in order)
        Set<Path> dirs = new LinkedHashSet<>(DataDirectory.writeAtomicallyUnsynced(errorDir.resolve(stored + ".error.json"),
                text.getBytes(StandardCharsets.UTF_8)));
        dirs.addAll(DataDirectory.moveUnsynced(file, errorDir.resolve(stored)));
        // logged from the thread that fsyncs: with this exchange's fields (route, exchange id) in the line
        return DirectorySync.shared().syncLater(dirs).whenComplete((ok, syncFailure) ->
                InboxWriters.withFields(fields, () -> logMoved(file, errorDir, reason, syncFailure)));
    }

    private static void logMoved(Path file, Path errorDir, Map<String, Object> reason, Throwable syncFailure) {
        if (syncFailure == null) {
            LOG.warn("{} refused, moved to {}: {}", file, errorDir, reason.get("reason"));
        } else {
            LOG.error("{} refused and moved to {}, but the move may not survive a power loss (the folder could not be fsync'd: {}); "
                    + "if it is back in the inbox after one, it is refused again", file, errorDir, syncFailure.getMessage());
        }
    }
}
