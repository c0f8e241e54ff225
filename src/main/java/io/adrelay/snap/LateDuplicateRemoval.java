package io.adrelay.snap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * Takes the duplicates that {@link ProductIds} found only once the feed was read out of the feed the
 * validator published, and into its report among the rows already there in line order, so both read
 * as if every duplicate had been found while reading. Both files are copied as bytes, not parsed: they
 * hold records as CSVPrinter writes them, each ending at the first line feed outside double quotes.
 * A big feed with such duplicates is thus written twice; one without them (the rule) is not.
 */
final class LateDuplicateRemoval {

    private static final CSVFormat OUT = CSVFormat.DEFAULT;

    /** The outcome with the late duplicates counted as refused, and the SHA-256 of the feed without them. */
    record Result(SnapFeedValidator.Outcome outcome, byte[] sha256) {
    }

    private LateDuplicateRemoval() {
    }

    /**
     * Rewrites the published feed (a temp file, not served yet) and the report in place (through a
     * temp file each, moved over them); late must have at least one duplicate.
     */
    static Result apply(LateDuplicates late, Path published, Path report, SnapFeedValidator.Outcome outcome) {
        Path feedTemp = published.resolveSibling(published.getFileName().toString().replaceFirst("\\.tmp$", "") + ".dedup.tmp");
        Path reportTemp = report.resolveSibling("." + report.getFileName() + ".tmp");
        MessageDigest sha256 = sha256();
        long removed = 0;
        try (InputStream feedIn = Files.newInputStream(published);
             DataDirectory.DurableOutput feedFile = DataDirectory.durableOutput(feedTemp);
             OutputStream feedOut = new BufferedOutputStream(new DigestOutputStream(feedFile, sha256), 1 << 16);
             InputStream reportIn = Files.newInputStream(report);
             DataDirectory.DurableOutput reportFile = DataDirectory.durableOutput(reportTemp);
             OutputStream reportOut = new BufferedOutputStream(reportFile, 1 << 16)) {
            Records feed = new Records(feedIn);
            Records errors = new Records(reportIn);
            errors.pass(reportOut); // the header
            long next = 0; // the feed's record read next; the header is record 0
            while (late.hasNext()) {
                LateDuplicates.Duplicate duplicate = late.next();
                for (; next <= duplicate.ordinal(); next++) {
                    if (!feed.pass(next < duplicate.ordinal() ? feedOut : null)) {
                        throw new IllegalStateException("the published feed has no row " + duplicate.ordinal());
                    }
                }
                for (long line; (line = errors.leadingNumber()) >= 0 && line < duplicate.line(); ) {
                    errors.pass(reportOut);
                }
                String[] problem = SnapFeedValidator.duplicate(duplicate.id());
                reportOut.write((OUT.format(duplicate.line(), duplicate.id(), problem[0], problem[1], problem[2]) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                removed++;
            }
            while (feed.pass(feedOut)) {
                // the rows after the last duplicate
            }
            while (errors.pass(reportOut)) {
                // the refusals after it
            }
        } catch (IOException e) {
            deleteQuietly(feedTemp);
            deleteQuietly(reportTemp);
            throw new StorageException("Cannot take the late duplicates out of " + published, e);
        } catch (RuntimeException e) {
            deleteQuietly(feedTemp);
            deleteQuietly(reportTemp);
            throw e;
        }
        DataDirectory.moveDurably(reportTemp, report);
        DataDirectory.moveDurably(feedTemp, published);
        Map<String, Long> byCode = new LinkedHashMap<>(outcome.byCode());
        byCode.merge(SnapFeedValidator.DUPLICATE, removed, Long::sum);
        return new Result(new SnapFeedValidator.Outcome(outcome.rows(), outcome.published() - removed, outcome.refused() + removed,
                byCode), sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file: removed at the next start
        }
    }

    /** The records of a CSV file as CSVPrinter writes them, passed on as bytes one at a time. */
    private static final class Records {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int end;
        private boolean eof;

        Records(InputStream in) {
            this.in = in;
        }

        /** Copies the next record to out, or skips it when out is null; false when there is none. */
        boolean pass(OutputStream out) throws IOException {
            if (!available(1)) {
                return false;
            }
            boolean quoted = false;
            while (true) {
                int start = pos;
                while (pos < end) {
                    byte b = buffer[pos++];
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' && !quoted) {
                        write(out, start);
                        return true;
                    }
                }
                write(out, start);
                if (!available(1)) {
                    return true; // the last record, without a line feed
                }
            }
        }

        /** The number the next record starts with (a report's line), or -1 when there is no record. */
        long leadingNumber() throws IOException {
            available(20);
            if (pos == end) {
                return -1;
            }
            long number = 0;
            for (int i = pos; i < end && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
                number = number * 10 + (buffer[i] - '0');
            }
            return number;
        }

        private void write(OutputStream out, int start) throws IOException {
            if (out != null && pos > start) {
                out.write(buffer, start, pos - start);
            }
        }

        /** Tries to have n bytes buffered; true when there are. */
        private boolean available(int n) throws IOException {
            if (end - pos >= n) {
                return true;
            }
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
            while (end < n && !eof) {
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    eof = true;
                } else {
                    end += read;
                }
            }
            return end >= n;
        }
    }
}
