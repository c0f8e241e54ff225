package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ids of a feed checked in a memory budget far smaller than they need: every duplicate found,
 * the ones found while reading and the ones found afterwards in the spill files, and no other.
 */
class ProductIdsTest {

    @TempDir
    Path tmp;

    record Row(long line, long at, String id) {
    }

    /** Adds the ids in order; the rows found as duplicates, while reading then afterwards, in line order. */
    static List<Row> duplicates(ProductIds ids, List<String> feed) {
        List<Row> found = new ArrayList<>();
        long ordinal = 0;
        for (int i = 0; i < feed.size(); i++) {
            // ordinals as the validator gives them: a duplicate found while reading takes no place in the feed
            if (!ids.add(feed.get(i), i + 2, ordinal + 1)) {
                found.add(new Row(i + 2, ordinal + 1, feed.get(i)));
            } else {
                ordinal++;
            }
        }
        List<Row> late = new ArrayList<>();
        try (LateDuplicates each = ids.lateDuplicates()) {
            while (each.hasNext()) {
                LateDuplicates.Duplicate d = each.next();
                late.add(new Row(d.line(), d.at(), d.id()));
            }
        }
        for (int i = 1; i < late.size(); i++) {
            assertTrue(late.get(i - 1).line() < late.get(i).line(), "late duplicates in line order: " + late.subList(i - 1, i + 1));
        }
        found.addAll(late);
        found.sort((a, b) -> Long.compare(a.line(), b.line()));
        return found;
    }

    /** The lines of the rows whose id an earlier row has, worked out with a HashMap. */
    static List<Long> expectedLines(List<String> feed) {
        Map<String, Integer> first = new HashMap<>();
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < feed.size(); i++) {
            if (first.putIfAbsent(feed.get(i), i) != null) {
                lines.add(i + 2L);
            }
        }
        return lines;
    }

    @Test
    void findsEveryDuplicateWhenTheIdsAreFarMoreThanTheBudget() throws Exception {
        Random random = new Random(7);
        List<String> feed = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            // mostly new ids; some repeat one from anywhere before (early ones are in the table, later ones spilled)
            feed.add(i > 0 && random.nextInt(50) == 0 ? feed.get(random.nextInt(i)) : "sku-" + i + (i % 7 == 0 ? "-é€" : ""));
        }
        feed.add(feed.get(0));
        feed.add(feed.get(feed.size() - 2));
        List<Row> found;
        // 64 KiB holds about 1,500 of the 300,000 ids, and a spill file's 4,500 do not fit either: they are split once more
        try (ProductIds ids = new ProductIds(tmp.resolve(".feed"), 64 << 10)) {
            found = duplicates(ids, feed);
            assertTrue(ids.spilled());
        }
        assertEquals(expectedLines(feed), found.stream().map(Row::line).toList());
        for (Row row : found) {
            assertEquals(feed.get((int) row.line() - 2), row.id());
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "every spill file is removed");
        }
    }

    @Test
    void aLateDuplicateKnowsItsPlaceInThePublishedFeed() {
        List<String> feed = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            feed.add("id-" + i);
        }
        feed.add("id-19999");
        feed.add("id-3");
        try (ProductIds ids = new ProductIds(tmp.resolve(".feed"), 1 << 16)) {
            List<Row> found = duplicates(ids, feed);
            // the first is found late (its id was spilled), the second while reading (its id is in the table)
            assertEquals(List.of(new Row(20_002, 20_001, "id-19999"), new Row(20_003, 20_002, "id-3")), found);
        }
    }

    @Test
    void theTableStaysWithinItsBudgetAndTellsIdsApartThatShareAHash() {
        long budget = 1 << 18;
        IdTable table = new IdTable(budget);
        int added = 0;
        while (true) {
            byte[] id = ("product-" + added).getBytes(StandardCharsets.UTF_8);
            // every id with the same hash: only their bytes tell them apart
            IdTable.Added result = table.add(id, 0, id.length, 42L);
            assertTrue(table.bytes() <= budget, table.bytes() + " bytes");
            if (result == IdTable.Added.FULL) {
                break;
            }
            assertEquals(IdTable.Added.NEW, result);
            if (++added == 2_000) {
                break;
            }
        }
        byte[] again = "product-17".getBytes(StandardCharsets.UTF_8);
        assertEquals(IdTable.Added.SEEN, table.add(again, 0, again.length, 42L));
        assertFalse(table.contains("product-x".getBytes(StandardCharsets.UTF_8), 0, 9, 42L));

        // with real hashes, the budget decides how many fit; nothing past it is taken
        IdTable full = new IdTable(budget);
        int n = 0;
        for (; ; n++) {
            byte[] id = ("sku-" + n).getBytes(StandardCharsets.UTF_8);
            if (full.add(id, 0, id.length, ProductIds.hash(id, 0, id.length)) == IdTable.Added.FULL) {
                break;
            }
        }
        assertTrue(full.bytes() <= budget);
        assertEquals(n, full.size());
        assertTrue(n > budget / 48, "at most 48 bytes an id: " + n + " ids in " + budget);
    }

    @Test
    void aFullTableGivesItsIdsInTheOrderTheyCameAndIsReusedEmptiedWithoutMoreHeap() {
        IdTable table = new IdTable(1 << 16);
        List<String> added = new ArrayList<>();
        for (int n = 0; ; n++) {
            // ids of every length up to a few hundred bytes, so that chunks end with room no id took
            byte[] id = ("id-" + n + "-" + "x".repeat(n % 300)).getBytes(StandardCharsets.UTF_8);
            if (table.add(id, 0, id.length, ProductIds.hash(id, 0, id.length)) == IdTable.Added.FULL) {
                break;
            }
            added.add(new String(id, StandardCharsets.UTF_8));
        }
        List<String> given = new ArrayList<>();
        table.forEach((bytes, from, length) -> given.add(new String(bytes, from, length, StandardCharsets.UTF_8)));
        assertEquals(added, given);
        assertTrue(added.size() > 100, added.size() + " ids");

        long heap = table.bytes();
        table.clear();
        assertEquals(0, table.size());
        List<String> none = new ArrayList<>();
        table.forEach((bytes, from, length) -> none.add("?"));
        assertEquals(List.of(), none);
        for (String id : added) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            assertEquals(IdTable.Added.NEW, table.add(bytes, 0, bytes.length, ProductIds.hash(bytes, 0, bytes.length)), id);
        }
        assertEquals(heap, table.bytes(), "the chunks and the index kept, none allocated again");
    }
}
