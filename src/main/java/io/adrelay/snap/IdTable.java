package io.adrelay.snap;

import java.util.Arrays;

/**
 * A set of ids (their UTF-8 bytes) held exactly within a fixed number of heap bytes: the ids one after
 * another in chunks, found through an open-addressing index that keeps the low 32 bits of each id's hash
 * beside its place (they also choose the slot, so the index grows without reading an id again), and a probe
 * rarely compares bytes. An id costs its length + 2 bytes, and 12 to 24 bytes of index: a 12-character id
 * about 35 bytes, against about 100 for a String in a HashSet. When the next
 * id would take the table past its budget (counting the old and the new index while it grows), add
 * answers FULL and leaves the table as it was.
 * <p>
 * A full table is then mostly asked about ids it does not hold (the ids of a big feed's later rows), and its
 * index, megabytes by then, is out of the processor's caches: each such lookup would wait on memory. So once
 * full it spends what is left of its budget, up to a byte a slot, on a filter (two bits an id, in one word
 * its hash chooses) that answers most of those lookups without touching the index.
 */
final class IdTable {

    enum Added { NEW, SEEN, FULL }

    /** An id is at most this many bytes (the validator lets no id longer than 128 characters through). */
    static final int MAX_ID_BYTES = 4096;

    private final long budget;
    private final int chunkSize;
    private byte[][] chunks = new byte[8][];
    /** Chunks in use; those after them, up to allocated, are kept from before a {@link #clear} for reuse. */
    private int chunkCount;
    private int allocated;
    /** Bytes used in the last chunk. */
    private int used;
    /** 0 is a free slot; else the id's hash's low 32 bits, then its address + 1. */
    private long[] index = new long[1024];
    /** Null until the table is full: a word is chosen by an id's hash, and two bits in it. */
    private long[] filter;
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
            if (filter == null) {
                buildFilter();
            }
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
                }
                chunks[allocated++] = new byte[chunkSize];
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
        if (filter != null) {
            mark((int) hash);
        }
        size++;
        return Added.NEW;
    }

    boolean contains(byte[] id, int from, int length, long hash) {
        return (filter == null || mayContain((int) hash)) && find(id, from, length, hash) < 0;
    }

    int size() {
        return size;
    }

    /** The heap this table holds (its chunks, those kept for reuse too, and its index). */
    long bytes() {
        return (long) allocated * chunkSize + (long) index.length * Long.BYTES + (filter == null ? 0 : (long) filter.length * Long.BYTES);
    }

    /**
     * Empties the table but keeps its index and chunks, for the next set of ids of about the same size: it
     * neither allocates nor grows its index again (the spill files are checked one after the other in one table).
     */
    void clear() {
        Arrays.fill(index, 0L);
        filter = null;
        chunkCount = 0;
        used = 0;
        size = 0;
    }

    /** The filter, as large as the budget left allows up to a byte a slot; none below a bit a slot (it would rule out too little). */
    private void buildFilter() {
        long spare = budget - bytes();
        int words = index.length / 8;
        while (words > index.length / 64 && (long) words * Long.BYTES > spare) {
            words /= 2;
        }
        if ((long) words * Long.BYTES > spare) {
            return;
        }
        filter = new long[words];
        for (long entry : index) {
            if (entry != 0) {
                mark((int) (entry >>> 32));
            }
        }
    }

    /** The filter's word for a hash (its low 32 bits, as the index keeps them), mixed so that the slot's bits do not choose it alone. */
    private int word(int fingerprint) {
        return (fingerprint * 0x9E3779B9 >>> 8) & (filter.length - 1);
    }

    private static long bits(int fingerprint) {
        int h = fingerprint * 0x85EBCA6B;
        return 1L << (h >>> 26) | 1L << (h >>> 20);
    }

    private void mark(int fingerprint) {
        filter[word(fingerprint)] |= bits(fingerprint);
    }

    /** False when the id is surely not in the table. */
    private boolean mayContain(int fingerprint) {
        long bits = bits(fingerprint);
        return (filter[word(fingerprint)] & bits) == bits;
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
        filter = null; // built again, for the larger index, when the table is full again
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
