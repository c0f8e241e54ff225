package io.adrelay.snap;

/**
 * The product ids seen so far in a feed, as 64-bit hashes in an open-addressing table: 16 bytes a
 * row at most, so a 10-million-row feed checks uniqueness in about 160 MiB instead of gigabytes of
 * strings. Two different ids sharing a 64-bit hash would be reported as a duplicate (odds about
 * 1 in 300,000 for 10 million rows).
 */
final class ProductIds {

    private long[] table = new long[1 << 16];
    private int size;

    /** True when the id was not seen before (and is now). */
    boolean add(String id) {
        long h = hash(id);
        if (h == 0) {
            h = 1; // 0 marks a free slot
        }
        if (size * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        for (int i = (int) (mix(h) & mask); ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = h;
                size++;
                return true;
            }
            if (table[i] == h) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) (mix(h) & mask);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = h;
            }
        }
    }

    /** FNV-1a over the UTF-16 chars, 64-bit. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
