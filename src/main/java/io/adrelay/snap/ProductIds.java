package io.adrelay.snap;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.adrelay.common.InvalidInputException;
import io.adrelay.common.storage.StorageException;

/**
 * The ids of a feed's valid rows, to find each row that repeats an earlier row's id: exactly (ids are
 * compared, not only their hashes) and within a fixed share of the heap whatever the feed's size.
 * <p>
 * The ids go into an {@link IdTable} of that budget; a feed whose ids fit (about 800,000 short ids in
 * 32 MiB) is checked as it is read. Once the table is full, its ids are written to {@value #FANOUT} spill
 * files, each to the one its hash chooses, and the table is dropped; each later id is written after them
 * with its line and taken as new for now. (Looking each one up in the full table first would find few
 * duplicates for a lookup in megabytes of index per id: a sixth of a big feed's validation.) After the feed is read, {@link #lateDuplicates} checks one spill file at a time (an id is in one
 * file only) in a table of the same budget, splits a file whose ids still do not fit by another mix of
 * the hash, and gives the rows found to repeat an id, in line order. The caller then
 * takes them out of what it published (see {@link LateDuplicateRemoval}).
 * <p>
 * The spill files are hidden temp files beside the published feed (removed on close, and at start
 * after a crash): the id and 3 to 7 bytes for each row past the table.
 */
final class ProductIds implements Closeable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int FANOUT = 64;
    /** Splits of a spill file before giving up: 64^6 files, never reached unless ids are made to share a 64-bit hash. */
    private static final int MAX_LEVEL = 6;

    private final Path spillPrefix;
    private final long budget;
    private final List<Path> files = new ArrayList<>();
    private IdTable table;
    private IdSpill.Writer[] spills;
    private byte[] bytes = new byte[256];
    private int fileCount;

    /**
     * @param spillPrefix the spill files are this path's siblings, named after it (".feed" makes ".feed.ids-1.tmp")
     * @param budget      the heap the ids may take, in bytes
     */
    ProductIds(Path spillPrefix, long budget) {
        this.spillPrefix = spillPrefix;
        this.budget = budget;
        this.table = new IdTable(budget);
    }

    /** The share of the heap the ids of a feed may take: an eighth of the maximum heap (32 MiB in a 256 MiB heap). */
    static long heapShare() {
        return Math.min(1L << 30, Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    /**
     * False when the row's id is a duplicate known now; true when it is new, or when that is known only
     * once the feed is read ({@link #lateDuplicates}).
     *
     * @param line the row's line in the report's numbering
     * @param at   where the row starts in the published feed, were it published (its byte offset there: any number
     *             that grows from row to row will do)
     */
    boolean add(String id, long line, long at) {
        return add(bytes, 0, utf8(id), line, at);
    }

    /** As {@link #add(String, long, long)}, with the id's UTF-8 bytes (length of them from from). */
    boolean add(byte[] id, int from, int length, long line, long at) {
        if (length > IdTable.MAX_ID_BYTES) {
            throw new IllegalArgumentException("an id of " + length + " bytes: the validator refuses ids over 128 characters first");
        }
        long hash = hash(id, from, length);
        if (spills == null) {
            IdTable.Added added = table.add(id, from, length, hash);
            if (added != IdTable.Added.FULL) {
                return added == IdTable.Added.NEW;
            }
            spillTable();
        }
        spill(hash, id, from, length, line, at);
        return true;
    }

    /**
     * The full table's ids to the spill files, first in each (they were all new: a later entry with the same
     * id repeats one of them), and the table dropped.
     */
    private void spillTable() {
        spills = new IdSpill.Writer[FANOUT];
        IdTable full = table;
        table = null;
        // never reported (only a later entry is), so their line and place are left at 0
        full.forEach((bytes, from, length) -> spill(hash(bytes, from, length), bytes, from, length, 0, 0));
    }

    private void spill(long hash, byte[] id, int from, int length, long line, long at) {
        int part = part(hash, 0, FANOUT);
        if (spills[part] == null) {
            spills[part] = new IdSpill.Writer(newFile());
        }
        spills[part].write(line, at, id, from, length);
    }

    /** True once ids have gone to spill files: only then can {@link #lateDuplicates} find anything. */
    boolean spilled() {
        return spills != null;
    }

    /**
     * The rows that {@link #add} took as new but that repeat an earlier row's id, in line order. Call it
     * once, after the last add.
     */
    LateDuplicates lateDuplicates() {
        table = null; // the spill files are checked in a table of the same budget, emptied for each
        if (spills == null) {
            return new LateDuplicates(List.of());
        }
        List<Path> found = new ArrayList<>();
        for (IdSpill.Writer spill : spills) {
            if (spill != null) {
                spill.close();
            }
        }
        for (IdSpill.Writer spill : spills) {
            if (spill != null) {
                addIfAny(found, check(spill.file(), 1));
            }
        }
        return new LateDuplicates(found);
    }

    /**
     * The duplicates among a spill file's entries (which follow each other in line order), written to a
     * new spill file in line order, or null when there is none; the file is deleted. Level is how many times
     * its entries were split.
     */
    private Path check(Path file, int level) {
        IdSpill.Writer out = null; // most spill files hold no duplicate: no file for them
        boolean full = false;
        IdTable ids = checkTable();
        try (IdSpill.Reader in = new IdSpill.Reader(file)) {
            while (!full && in.next()) {
                switch (ids.add(in.id, 0, in.length, hash(in.id, 0, in.length))) {
                    case SEEN -> {
                        if (out == null) {
                            out = new IdSpill.Writer(newFile());
                        }
                        out.write(in.line, in.at, in.id, 0, in.length);
                    }
                    case FULL -> full = true;
                    default -> { }
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        if (!full) {
            delete(file);
            return out == null ? null : out.file();
        }
        if (out != null) {
            delete(out.file());
        }
        if (level > MAX_LEVEL) {
            throw new InvalidInputException("the feed's ids cannot be checked for duplicates: too many of them share a hash");
        }
        return checkSplit(file, level);
    }

    /**
     * A spill file whose ids do not fit the budget: split by hash into parts of about a quarter of the
     * budget each (an id takes about twice the room in the table as in the file), each part checked,
     * their duplicates merged.
     */
    private Path checkSplit(Path file, int level) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file, e);
        }
        IdSpill.Writer[] parts = new IdSpill.Writer[(int) Math.min(FANOUT, Math.max(2, size * 4 / budget + 1))];
        try (IdSpill.Reader in = new IdSpill.Reader(file)) {
            while (in.next()) {
                int part = part(hash(in.id, 0, in.length), level, parts.length);
                if (parts[part] == null) {
                    parts[part] = new IdSpill.Writer(newFile());
                }
                parts[part].write(in.line, in.at, in.id, 0, in.length);
            }
        } finally {
            for (IdSpill.Writer part : parts) {
                if (part != null) {
                    part.close();
                }
            }
        }
        delete(file);
        List<Path> found = new ArrayList<>();
        for (IdSpill.Writer part : parts) {
            if (part != null) {
                addIfAny(found, check(part.file(), level + 1));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        Path merged = newFile();
        try (LateDuplicates each = new LateDuplicates(found); IdSpill.Writer out = new IdSpill.Writer(merged)) {
            each.copyTo(out);
        }
        found.forEach(this::delete);
        return merged;
    }

    private static void addIfAny(List<Path> found, Path duplicates) {
        if (duplicates != null) {
            found.add(duplicates);
        }
    }

    /** The table a spill file is checked in, empty: the same one for every file. */
    private IdTable checkTable() {
        if (table == null) {
            table = new IdTable(budget);
        } else {
            table.clear();
        }
        return table;
    }

    private Path newFile() {
        Path file = spillPrefix.resolveSibling(spillPrefix.getFileName() + ".ids-" + ++fileCount + ".tmp");
        try {
            Files.deleteIfExists(file); // left by a process that died before it could remove it
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file, e);
        }
        files.add(file);
        return file;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            files.remove(file);
        } catch (IOException e) {
            throw new StorageException("Cannot delete " + file, e);
        }
    }

    /** Removes every spill file left. */
    @Override
    public void close() {
        if (spills != null) {
            for (IdSpill.Writer spill : spills) {
                if (spill != null) {
                    spill.closeQuietly();
                }
            }
        }
        for (Path file : List.copyOf(files)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file: removed at the next start
            }
        }
        files.clear();
    }

    /** The id's UTF-8 bytes into {@link #bytes} (for ids given as Strings); their number. */
    private int utf8(String id) {
        int n = id.length();
        if (bytes.length < 3 * n) {
            bytes = new byte[Math.max(3 * n, 2 * bytes.length)];
        }
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                byte[] rest = id.substring(i).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(rest, 0, bytes, length, rest.length);
                return length + rest.length;
            }
        }
        return length;
    }

    /**
     * MurmurHash3's 64-bit mixing of the bytes eight at a time (an id's hash is taken twice for each spilled id:
     * a byte at a time was a tenth of the validation), the last 1 to 7 bytes as one more word, the length mixed in,
     * then its finalizer, so that every bit depends on every byte.
     */
    static long hash(byte[] bytes, int from, int length) {
        long h = 0x9E3779B97F4A7C15L;
        int i = from;
        int end = from + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h = step(h, (long) LONGS.get(bytes, i));
        }
        if (i < end) {
            long tail = 0;
            for (int shift = 0; i < end; i++, shift += 8) {
                tail |= (bytes[i] & 0xFFL) << shift;
            }
            h = step(h, tail);
        }
        return mix(h ^ length);
    }

    private static long step(long h, long word) {
        long k = Long.rotateLeft(word * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
        return Long.rotateLeft(h ^ k, 27) * 5 + 0x52dce729;
    }

    /** The spill file (of parts) of an id at a level: a different mix of its hash at each level. */
    private static int part(long hash, int level, int parts) {
        return (int) (((mix(hash + level * 0x9E3779B97F4A7C15L) >>> 32) * parts) >>> 32);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
