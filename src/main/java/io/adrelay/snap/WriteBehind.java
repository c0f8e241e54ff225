package io.adrelay.snap;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Passes what is written on to a stream from a thread of its own, in blocks, so that the validating thread
 * does not wait on what the published feed's stream does with them (its SHA-256, see {@link FeedDigest}, and
 * the write calls: a fifth of a big feed's validation). The bytes arrive in order; {@link #flush} returns once
 * all of them were written and the stream flushed. The heap it takes is bounded: {@value #BLOCKS} blocks of
 * {@value #BLOCK} bytes, reused. A failure of the stream (a full disk, say) is thrown on the writing thread, by
 * the next write, flush or close, as it was thrown (an IOException, or a runtime exception such as the data
 * directory's StorageException); the bytes after it are dropped.
 */
final class WriteBehind extends OutputStream {

    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 4;

    /** A block to write (length bytes of it), or a request to flush the stream and then tell. */
    private record Job(byte[] block, int length, boolean flush) {
    }

    /** The stream being closed on the thread: {@link #await} waits for it. */
    interface Closing {
        /** Returns once the stream is closed; throws what closing it (or writing to it) threw. */
        void await() throws IOException;
    }

    private static final Job STOP = new Job(new byte[0], 0, false);
    private static final Job CLOSE = new Job(new byte[0], 0, false);

    private final OutputStream out;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(BLOCKS + 2);
    /** Tells the writing thread that a flush is done (or failed). */
    private final BlockingQueue<Boolean> flushed = new ArrayBlockingQueue<>(1);
    private final Thread writer;
    private volatile Throwable failure;
    private byte[] block;
    private int used;
    private boolean closed;

    WriteBehind(OutputStream out, String name) {
        this.out = out;
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new byte[BLOCK]);
        }
        block = free.remove();
        writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        open();
        while (len > 0) {
            int n = Math.min(len, BLOCK - used);
            System.arraycopy(b, off, block, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == BLOCK) {
                handOver(false);
            }
        }
    }

    /** Returns once every byte written so far is written to the stream, and the stream flushed. */
    @Override
    public void flush() throws IOException {
        open();
        handOver(true);
        try {
            flushed.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the feed was written");
        }
        rethrow();
    }

    /** Flushes, stops the thread and closes the stream (also after a failure, which it then throws). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                flush();
            }
        } finally {
            closed = true;
            stop();
            try {
                out.close();
            } finally {
                rethrow();
            }
        }
    }

    /**
     * Flushes (every byte is in the stream when this returns), then closes the stream on the thread while the
     * caller goes on: for a durable file, its fsync. Nothing may be written after it.
     */
    Closing closeInBackground() throws IOException {
        flush();
        closed = true;
        try {
            jobs.put(CLOSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            out.close();
            throw new InterruptedIOException("interrupted while the feed was written");
        }
        return () -> {
            stop();
            rethrow();
        };
    }

    private void open() throws IOException {
        if (closed) {
            throw new IOException("the feed's output is closed");
        }
        rethrow();
    }

    /** Gives the block to the thread (with a flush request, when asked) and takes a free one. */
    private void handOver(boolean flush) throws IOException {
        try {
            jobs.put(new Job(block, used, flush));
            block = null;
            used = 0;
            block = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the feed was written");
        }
    }

    private void stop() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                jobs.put(STOP);
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true; // the thread is stopped all the same: it holds the stream
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                // only STOP ends this thread: the writing thread waits on it
                failure = failure != null ? failure : new InterruptedIOException("the feed's writer was interrupted");
                continue;
            }
            if (job == STOP) {
                return;
            }
            if (job == CLOSE) {
                try {
                    out.close();
                } catch (Throwable t) {
                    failure = failure != null ? failure : t;
                }
                return;
            }
            if (failure == null) {
                try {
                    out.write(job.block(), 0, job.length());
                    if (job.flush()) {
                        out.flush();
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }
            free.add(job.block());
            if (job.flush()) {
                flushed.add(Boolean.TRUE);
            }
        }
    }
}
