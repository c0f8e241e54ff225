package io.adrelay.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Writes &lt;inbox&gt;/.error/&lt;name&gt;.error.json beside the refused file: why it was refused,
 * and the dead letter when an API call still failed after retries.
 */
public class FileErrorReason implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DeadLetterStore deadLetters;

    public FileErrorReason(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String parent = exchange.getIn().getHeader(Exchange.FILE_PARENT, String.class);
        if (name == null || parent == null) {
            return;
        }
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("file", exchange.getIn().getHeader(Exchange.FILE_NAME, String.class));
        reason.put("failed_at", Instant.now().toString());
        reason.put("reason", failure == null ? "unknown" : String.valueOf(failure.getMessage()));
        if (failure instanceof InvalidInputException invalid) {
            reason.put("problems", invalid.problems());
        }
        if (RetryPolicy.isRetryable(failure) || failure instanceof ApiCallException) {
            reason.put("dead_letter", deadLetters.write(exchange));
        }
        try {
            String text = SecretMasker.mask(JSON.writeValueAsString(reason));
            DataDirectory.writeAtomically(Path.of(parent, ".error", name + ".error.json"), text.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
