package io.adrelay.snap;

import java.util.Arrays;

/**
 * A set of ids (their UTF-8 bytes) held exactly within a fixed number of heap bytes: the ids one after
 * another in chunks, found through an open-addressing index that keeps the low 32 bits of each id's hash
 * beside its place (they also choose the slot, so the index grows without reading an id again), and a probe
 * rarely compares bytes. An id costs its length + 2 bytes, and 12 to 24 bytes of index: a 12-character id
 * about 35 bytes, against about 100 for a String in a HashSet. When the next
 * id would take the table past its budget (counting the old and the new index while it grows), add
 * answers FULL and leaves the table as it was; {@link #forEach} then gives its ids in the order they came.
 */
final class IdTable {

    enum Added { NEW, SEEN, FULL }

    /** Takes an id: length bytes of bytes from from. */
    interface Ids {
        void accept(byte[] bytes, int from, int length);
    }

    /** An id is at most this many bytes (the validator lets no id longer than 128 characters through). */
    static final int MAX_ID_BYTES = 4096;

    private final long budget;
    private final int chunkSize;
    private byte[][] chunks = new byte[8][];
    /** Chunks in use; those after them, up to allocated, are kept from before a {@link #clear} for reuse. */
    private int chunkCount;
    private int allocated;
    /** Bytes used in the last chunk, and in each chunk before it. */
    private int used;
    private int[] filled = new int[8];
    /** 0 is a free slot; else the id's hash's low 32 bits, then its address + 1. */
    private long[] index = new long[1024];
    private int size;

    IdTable(long budget) {
        if (budget > 1L << 30) {
            throw new IllegalArgumentException("an IdTable holds at most 1 GiB: " + budget);
        }
        this.budget = budget;
        // small enough that the last chunk wastes little, large enough for any id
        this.chunkSize = (int) Math.max(2 * (MAX_ID_BYTES + 2), Math.min(1 << 20, budget / 64));
    }

    /** The id is length bytes of id from from. NEW when the id was not in the table and now is, SEEN when it was, FULL when it is not and there is no room for it. */
    Added add(byte[] id, int from, int length, long hash) {
        int slot = find(id, from, length, hash);
        if (slot < 0) {
            return Added.SEEN;
        }
        boolean grow = size + 1 > index.length / 3 * 2;
        boolean newChunk = chunkCount == 0 || used + 2 + length > chunkSize;
        long after = bytes() + (newChunk && chunkCount == allocated ? chunkSize : 0) + (grow ? 2L * index.length * Long.BYTES : 0);
        if (after > budget) {
            return Added.FULL;
        }
        if (grow) {
            grow();
            slot = find(id, from, length, hash);
        }
        if (newChunk) {
            if (chunkCount == allocated) {
                if (allocated == chunks.length) {
                    chunks = Arrays.copyOf(chunks, allocated * 2);
                    filled = Arrays.copyOf(filled, allocated * 2);
                }
                chunks[allocated++] = new byte[chunkSize];
            }
            if (chunkCount > 0) {
                filled[chunkCount - 1] = used;
            }
            chunkCount++;
            used = 0;
        }
        byte[] chunk = chunks[chunkCount - 1];
        int address = (chunkCount - 1) * chunkSize + used;
        chunk[used] = (byte) (length >>> 8);
        chunk[used + 1] = (byte) length;
        System.arraycopy(id, from, chunk, used + 2, length);
        used += 2 + length;
        index[slot] = hash << 32 | (address + 1L);
        size++;
        return Added.NEW;
    }

    boolean contains(byte[] id, int from, int length, long hash) {
        return find(id, from, length, hash) < 0;
    }

    /** Gives every id, in the order they were added. */
    void forEach(Ids ids) {
        for (int c = 0; c < chunkCount; c++) {
            byte[] chunk = chunks[c];
            int end = c == chunkCount - 1 ? used : filled[c];
            for (int at = 0; at < end; ) {
                int length = (chunk[at] & 0xFF) << 8 | (chunk[at + 1] & 0xFF);
                ids.accept(chunk, at + 2, length);
                at += 2 + length;
            }
        }
    }

    int size() {
        return size;
    }

    /** The heap this table holds (its chunks, those kept for reuse too, and its index). */
    long bytes() {
        return (long) allocated * chunkSize + (long) index.length * Long.BYTES;
    }

    /**
     * Empties the table but keeps its index and chunks, for the next set of ids of about the same size: it
     * neither allocates nor grows its index again (the spill files are checked one after the other in one table).
     */
    void clear() {
        Arrays.fill(index, 0L);
        chunkCount = 0;
        used = 0;
        size = 0;
    }

    /** The free slot where the id belongs, or -1 when the id is in the table. */
    private int find(byte[] id, int from, int length, long hash) {
        int mask = index.length - 1;
        long fingerprint = hash << 32;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            long entry = index[i];
            if (entry == 0) {
                return i;
            }
            if ((entry & 0xFFFFFFFF00000000L) == fingerprint && sameAt((int) entry - 1, id, from, length)) {
                return -1;
            }
        }
    }

    private boolean sameAt(int address, byte[] id, int from, int length) {
        byte[] chunk = chunks[address / chunkSize];
        int at = address % chunkSize;
        int stored = (chunk[at] & 0xFF) << 8 | (chunk[at + 1] & 0xFF);
        return stored == length && Arrays.equals(chunk, at + 2, at + 2 + length, id, from, from + length);
    }

    /** Doubles the index: each entry's slot is read from the hash bits it keeps. */
    private void grow() {
        long[] old = index;
        index = new long[old.length * 2];
        int mask = index.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                int i = (int) (entry >>> 32) & mask;
                while (index[i] != 0) {
                    i = (i + 1) & mask;
                }
                index[i] = entry;
            }
        }
    }
}
