package io.adrelay.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.LRUCacheFactory;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedLruCacheFactoryTest {

    private static final int KEYS = 300_000;
    private static final int ROUND = 5_000;

    @Test
    void camelFindsOurFactoryOnTheClasspath() {
        assertInstanceOf(BoundedLruCacheFactory.class, LRUCacheFactory.getInstance());
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedAndReported() {
        List<String> evicted = new ArrayList<>();
        Map<String, String> cache = LRUCacheFactory.newLRUCache(3, evicted::add);
        cache.put("a", "A");
        cache.put("b", "B");
        cache.put("c", "C");
        cache.get("a");
        cache.put("d", "D");

        assertEquals(3, cache.size());
        assertEquals(List.of("B"), evicted);
        assertFalse(cache.containsKey("b"));
        assertEquals(List.of("c", "a", "d"), List.copyOf(cache.keySet()), "least recently used first");
    }

    @Test
    void theBoundHoldsForEveryWayOfAdding() {
        Map<Integer, Integer> cache = LRUCacheFactory.newLRUCache(16, 10, false);
        for (int i = 0; i < 100; i++) {
            cache.put(i, i);
            cache.putIfAbsent(1000 + i, i);
            cache.computeIfAbsent(2000 + i, k -> k);
            cache.compute(3000 + i, (k, v) -> k);
            cache.merge(4000 + i, i, Integer::sum);
            cache.putAll(Map.of(5000 + i, i, 6000 + i, i));
            assertTrue(cache.size() <= 10, "size " + cache.size());
        }
        assertEquals(10, cache.size());
    }

    @Test
    void anEvictedServiceIsStoppedOnlyWhenAskedTo() {
        MemoryIdempotentRepository stopped = startedService();
        Map<String, Object> stopping = LRUCacheFactory.newLRUCache(16, 1, true);
        stopping.put("first", stopped);
        stopping.put("second", "not a service");
        assertTrue(stopped.isStopped());

        MemoryIdempotentRepository kept = startedService();
        Map<String, Object> keeping = LRUCacheFactory.newLRUCache(16, 1, false);
        keeping.put("first", kept);
        keeping.put("second", "not a service");
        assertTrue(kept.isStarted());
    }

    @Test
    void softCachesAreBoundedAndStopWhatTheyEvict() {
        MemoryIdempotentRepository service = startedService();
        Map<String, Object> cache = LRUCacheFactory.newLRUSoftCache(2);
        cache.put("a", service);
        cache.put("b", "B");
        cache.put("c", "C");

        assertEquals(2, cache.size());
        assertNull(cache.get("a"));
        assertTrue(service.isStopped());
    }

    @Test
    @Timeout(60)
    void viewsCanBeIteratedWhileOtherThreadsWrite() throws Exception {
        Map<Integer, Integer> cache = LRUCacheFactory.newLRUCache(100);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t * 1_000_000;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 200_000; i++) {
                        cache.put(offset + i, i);
                        cache.get(offset + i / 2);
                    }
                }));
            }
            work.add(threads.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    cache.keySet().forEach(k -> { });
                    cache.values().forEach(v -> { });
                    cache.forEach((k, v) -> { });
                }
            }));
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(100, cache.size());
    }

    // Camel 4.14.0's SimpleLRUCache needs many minutes for either of these two (a full queue
    // rebuild per add once 100,000 distinct keys went through); the timeout fails it. A separate
    // thread, because that loop never looks at an interrupt.

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyDistinctKeysAddedAndRemovedStayCheap() {
        Map<String, String> cache = LRUCacheFactory.newLRUCache(50_000);
        for (int start = 0; start < KEYS; start += ROUND) {
            for (int i = start; i < start + ROUND; i++) {
                cache.put("file-" + i, "file-" + i);
            }
            for (int i = start; i < start + ROUND; i++) {
                cache.remove("file-" + i);
            }
        }
        assertTrue(cache.isEmpty());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileConsumersDefaultInProgressRepositoryStaysCheap() {
        // as camel-file's GenericFileEndpoint builds its in-progress repository
        IdempotentRepository inProgress = MemoryIdempotentRepository.memoryIdempotentRepository(50_000);
        for (int start = 0; start < KEYS; start += ROUND) {
            for (int i = start; i < start + ROUND; i++) {
                assertTrue(inProgress.add("inbox/file-" + i + ".csv"));
            }
            for (int i = start; i < start + ROUND; i++) {
                assertTrue(inProgress.remove("inbox/file-" + i + ".csv"));
            }
        }
        assertEquals(0, ((MemoryIdempotentRepository) inProgress).getCacheSize());
    }

    private static MemoryIdempotentRepository startedService() {
        MemoryIdempotentRepository service = new MemoryIdempotentRepository();
        ServiceHelper.startService(service);
        return service;
    }
}
