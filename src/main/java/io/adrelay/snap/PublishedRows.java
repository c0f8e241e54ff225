package io.adrelay.snap;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a feed's records to the published file as UTF-8 bytes, each exactly as CSVPrinter printed it
 * (CSVFormat.DEFAULT, a line feed after each record): a value is quoted when it is an empty first field,
 * starts with a character up to '#', ends with one up to a space, or holds a comma, quote, CR or LF, and a
 * quote in it is doubled. A record that needs none of that ({@link FeedRecords#plain}) is copied as it was read.
 */
final class PublishedRows {

    private final OutputStream out;
    private byte[] buffer = new byte[1 << 16];
    private int used;
    /** Bytes written to the stream so far (the buffer not counted). */
    private long flushed;

    PublishedRows(OutputStream out) {
        this.out = out;
    }

    void write(FeedRecords record) throws IOException {
        byte[] bytes = record.bytes();
        int base = record.base();
        if (record.plain()) {
            int length = record.length();
            room(length + 1);
            System.arraycopy(bytes, base, buffer, used, length);
            used += length;
        } else {
            for (int i = 0; i < record.fields(); i++) {
                int from = base + record.from(i);
                int to = base + record.to(i);
                room(2 * (to - from) + 3);
                if (i > 0) {
                    buffer[used++] = ',';
                }
                value(bytes, from, to, i == 0);
            }
            room(1);
        }
        buffer[used++] = '\n';
    }

    /** Where the next record starts in the published feed: the bytes written before it. */
    long position() {
        return flushed + used;
    }

    /** Writes what is buffered to the stream, and flushes it. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        flushed += used;
        used = 0;
    }

    private void value(byte[] bytes, int from, int to, boolean first) {
        if (!quoted(bytes, from, to, first)) {
            System.arraycopy(bytes, from, buffer, used, to - from);
            used += to - from;
            return;
        }
        buffer[used++] = '"';
        for (int i = from; i < to; i++) {
            if (bytes[i] == '"') {
                buffer[used++] = '"';
            }
            buffer[used++] = bytes[i];
        }
        buffer[used++] = '"';
    }

    /** CSVFormat's MINIMAL quote mode. */
    private static boolean quoted(byte[] bytes, int from, int to, boolean first) {
        if (from == to) {
            return first; // an empty first field alone would read as a blank line
        }
        if ((bytes[from] & 0xFF) <= '#' || (bytes[to - 1] & 0xFF) <= ' ') {
            return true;
        }
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Makes room for n more bytes: writes the buffer out first, or grows it for a record longer than it. */
    private void room(int n) throws IOException {
        if (used + n <= buffer.length) {
            return;
        }
        drain();
        if (n > buffer.length) {
            buffer = new byte[n];
        }
    }
}
