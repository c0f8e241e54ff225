package io.adrelay.snap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * Takes the duplicates that {@link ProductIds} found only once the feed was read out of the feed the
 * validator published, and into its report among the rows already there in line order, so both read
 * as if every duplicate had been found while reading.
 * <p>
 * The published feed (a temp file, not served yet) is changed in place, in bulk: its bytes before the first
 * duplicate stay where they are, unread but for what the digest needs (from its last checkpoint before that
 * row, see {@link FeedDigest}), and the rest is moved up over each duplicate row in large blocks; only the
 * duplicate rows themselves are scanned, to their end (the first line feed outside double quotes, as
 * CSVPrinter writes records). A duplicate near the end of a big feed thus costs a few megabytes, not the feed.
 * The report is copied record by record, as the late duplicates' lines go in among its lines.
 */
final class LateDuplicateRemoval {

    private static final CSVFormat OUT = CSVFormat.DEFAULT;

    /**
     * The outcome with the late duplicates counted as refused, the SHA-256 of the feed without them, and how
     * many bytes of the published feed were read to take them out.
     */
    record Result(SnapFeedValidator.Outcome outcome, byte[] sha256, long reread) {
    }

    private LateDuplicateRemoval() {
    }

    /**
     * Rewrites the published feed in place and the report through a temp file moved over it; late must have at
     * least one duplicate, digest is the published feed's (all of it written, the file closed).
     */
    static Result apply(LateDuplicates late, Path published, FeedDigest digest, Path report, SnapFeedValidator.Outcome outcome) {
        Path reportTemp = report.resolveSibling("." + report.getFileName() + ".tmp");
        long removed = 0;
        Compaction feed = null;
        try (InputStream reportIn = Files.newInputStream(report);
             DataDirectory.DurableOutput reportFile = DataDirectory.durableOutput(reportTemp);
             OutputStream reportOut = new BufferedOutputStream(reportFile, 1 << 16)) {
            Records errors = new Records(reportIn);
            errors.pass(reportOut); // the header
            while (late.hasNext()) {
                LateDuplicates.Duplicate duplicate = late.next();
                if (feed == null) {
                    feed = new Compaction(published, digest.before(duplicate.at()));
                }
                feed.remove(duplicate.at());
                for (long line; (line = errors.leadingNumber()) >= 0 && line < duplicate.line(); ) {
                    errors.pass(reportOut);
                }
                String[] problem = SnapFeedValidator.duplicate(duplicate.id());
                reportOut.write((OUT.format(duplicate.line(), duplicate.id(), problem[0], problem[1], problem[2]) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                removed++;
            }
            while (errors.pass(reportOut)) {
                // the refusals after the last duplicate
            }
            if (feed == null) {
                throw new IllegalArgumentException("no late duplicate to take out");
            }
            feed.finish();
        } catch (IOException e) {
            deleteQuietly(reportTemp);
            throw new StorageException("Cannot take the late duplicates out of " + published, e);
        } catch (RuntimeException e) {
            deleteQuietly(reportTemp);
            throw e;
        } finally {
            if (feed != null) {
                feed.close();
            }
        }
        DataDirectory.moveDurably(reportTemp, report);
        Map<String, Long> byCode = new LinkedHashMap<>(outcome.byCode());
        byCode.merge(SnapFeedValidator.DUPLICATE, removed, Long::sum);
        return new Result(new SnapFeedValidator.Outcome(outcome.rows(), outcome.published() - removed, outcome.refused() + removed,
                byCode), feed.sha256(), feed.reread());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file: removed at the next start
        }
    }

    /**
     * The published feed rewritten in place from a digest checkpoint on: read ahead of where it is written (a
     * kept byte only ever moves towards the start), hashed as it is read, duplicate rows skipped, then cut to
     * its new length and fsync'd. Nothing is written before the first duplicate.
     */
    private static final class Compaction {
        private final Path path;
        private final FileChannel reading;
        private final FileChannel writing;
        private final MessageDigest sha256;
        private final long from;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int end;
        /** The offset of buffer[pos] in the file, and where the next byte kept goes. */
        private long read;
        private long written;
        /** Null until a row is taken out: before that every byte stays where it is. */
        private OutputStream out;
        private byte[] digest;

        Compaction(Path path, FeedDigest.Checkpoint checkpoint) throws IOException {
            this.path = path;
            this.from = checkpoint.offset();
            this.sha256 = checkpoint.resume();
            this.reading = FileChannel.open(path, StandardOpenOption.READ);
            try {
                this.writing = FileChannel.open(path, StandardOpenOption.WRITE);
            } catch (IOException e) {
                reading.close();
                throw e;
            }
            reading.position(from);
            read = from;
            written = from;
        }

        /** Takes out the row that starts at offset at. */
        void remove(long at) throws IOException {
            if (at < read) {
                throw new IllegalStateException("a late duplicate at byte " + at + " of " + path + ", before byte " + read);
            }
            keep(at);
            if (out == null) {
                writing.position(written);
                out = new BufferedOutputStream(Channels.newOutputStream(writing), 1 << 16);
            }
            skipRow();
        }

        /** Keeps the rest, cuts the file to its new length and fsyncs it. */
        void finish() throws IOException {
            keep(Long.MAX_VALUE);
            out.flush();
            writing.truncate(written);
            writing.force(true);
            digest = sha256.digest();
        }

        byte[] sha256() {
            return digest;
        }

        long reread() {
            return read - from;
        }

        void close() {
            try (reading; writing) {
                // both channels closed
            } catch (IOException ignored) {
                // a failure was thrown already, or finish fsync'd what was written
            }
        }

        /** Passes the bytes up to offset upto (or the end of the file) on, hashed, moved up once rows were taken out. */
        private void keep(long upto) throws IOException {
            while (read < upto) {
                if (pos == end && !fill()) {
                    if (upto == Long.MAX_VALUE) {
                        return;
                    }
                    throw new IllegalStateException(path + " ends at byte " + read + ", before the late duplicate at byte " + upto);
                }
                int n = (int) Math.min(end - pos, upto - read);
                sha256.update(buffer, pos, n);
                if (out != null) {
                    out.write(buffer, pos, n);
                }
                pos += n;
                read += n;
                written += n;
            }
        }

        /** Skips a record: to the first line feed outside double quotes, or the end of the file. */
        private void skipRow() throws IOException {
            boolean quoted = false;
            while (pos < end || fill()) {
                byte b = buffer[pos++];
                read++;
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    return;
                }
            }
        }

        private boolean fill() throws IOException {
            int n = reading.read(ByteBuffer.wrap(buffer));
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
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
