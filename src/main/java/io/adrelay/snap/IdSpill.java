package io.adrelay.snap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.adrelay.common.storage.StorageException;


/**
 * A temp file of (line, at, id) entries in line order (at: where the row starts in the published feed),
 * written once and read back once by {@link ProductIds}: the line and at as varint deltas from the entry
 * before, then the id's length and its UTF-8 bytes, so an entry is its id and 3 to 7 bytes more. A failing
 * write or read is a {@link StorageException} (the disk, not the feed).
 */
final class IdSpill {

    private static final int BUFFER = 1 << 12;

    private IdSpill() {
    }

    static final class Writer implements Closeable {
        private final Path file;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private long line;
        private long at;

        Writer(Path file) {
            this.file = file;
            try {
                this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new StorageException("Cannot write " + file, e);
            }
        }

        /** Writes an entry whose id is length bytes of id from from. */
        void write(long line, long at, byte[] id, int from, int length) {
            if (pos + 30 + length > buffer.length) {
                flush();
            }
            varint(line - this.line);
            varint(at - this.at);
            varint(length);
            System.arraycopy(id, from, buffer, pos, length);
            pos += length;
            this.line = line;
            this.at = at;
        }

        Path file() {
            return file;
        }

        /** Closes after a failure elsewhere: the file is being given up. */
        void closeQuietly() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                buffer[pos++] = (byte) (value & 0x7F | 0x80);
                value >>>= 7;
            }
            buffer[pos++] = (byte) value;
        }

        private void flush() {
            try {
                out.write(buffer, 0, pos);
                pos = 0;
            } catch (IOException e) {
                throw new StorageException("Cannot write " + file, e);
            }
        }

        @Override
        public void close() {
            try (out) {
                flush();
            } catch (IOException e) {
                throw new StorageException("Cannot write " + file, e);
            }
        }
    }

    /** Reads the entries back: {@link #next} moves to the next one, whose fields are then line, at, id and length. */
    static final class Reader implements Closeable {
        private final Path file;
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private int end;
        long line;
        long at;
        final byte[] id = new byte[IdTable.MAX_ID_BYTES];
        int length;

        Reader(Path file) {
            this.file = file;
            try {
                this.in = Files.newInputStream(file);
            } catch (IOException e) {
                throw new StorageException("Cannot read " + file, e);
            }
        }

        boolean next() {
            if (pos == end && !fill()) {
                return false;
            }
            line += varint();
            at += varint();
            length = (int) varint();
            for (int copied = 0; copied < length; ) {
                if (pos == end && !fill()) {
                    throw new StorageException("Cannot read " + file, new IOException("it ends inside an entry"));
                }
                int n = Math.min(length - copied, end - pos);
                System.arraycopy(buffer, pos, id, copied, n);
                pos += n;
                copied += n;
            }
            return true;
        }

        String idString() {
            return new String(id, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos == end && !fill()) {
                    throw new StorageException("Cannot read " + file, new IOException("it ends inside an entry"));
                }
                byte b = buffer[pos++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        private boolean fill() {
            try {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    return false;
                }
                pos = 0;
                end = n;
                return true;
            } catch (IOException e) {
                throw new StorageException("Cannot read " + file, e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new StorageException("Cannot read " + file, e);
            }
        }
    }
}
