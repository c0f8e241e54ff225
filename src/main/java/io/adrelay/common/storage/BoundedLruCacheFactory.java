package io.adrelay.common.storage;

import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.support.LRUCacheFactory;
import org.apache.camel.support.cache.SimpleSoftCache;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's LRU caches, made of {@link BoundedLruMap}. Camel finds this class through
 * {@code META-INF/services/org/apache/camel/lru-cache-factory}.
 * <p>
 * Why: in Camel 4.14.0 the default {@code SimpleLRUCache} keeps a queue of changes that removes
 * never shrink; once a cache has seen more than twice its size in distinct keys, every add rebuilds
 * that queue. A file consumer's in-progress repository (50,000) then stalls after ~100,000 file
 * names, a {@code FileIdempotentRepository} of 100,000 after ~200,000 keys. Remove this class and
 * the services file once Camel is 4.14.9 or newer, where the cache is fixed.
 */
public class BoundedLruCacheFactory extends LRUCacheFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedLruCacheFactory.class);
    private static final int INITIAL_CAPACITY = 16;

    @Override
    public <K, V> Map<K, V> createLRUCache(int maximumCacheSize) {
        return createLRUCache(INITIAL_CAPACITY, maximumCacheSize);
    }

    @Override
    public <K, V> Map<K, V> createLRUCache(int maximumCacheSize, Consumer<V> onEvict) {
        return new BoundedLruMap<>(INITIAL_CAPACITY, maximumCacheSize, onEvict);
    }

    @Override
    public <K, V> Map<K, V> createLRUCache(int initialCapacity, int maximumCacheSize) {
        return createLRUCache(initialCapacity, maximumCacheSize, maximumCacheSize > 0);
    }

    @Override
    public <K, V> Map<K, V> createLRUCache(int initialCapacity, int maximumCacheSize, boolean stopOnEviction) {
        return new BoundedLruMap<>(initialCapacity, maximumCacheSize, onEviction(stopOnEviction));
    }

    @Override
    public <K, V> Map<K, V> createLRUSoftCache(int maximumCacheSize) {
        return createLRUSoftCache(INITIAL_CAPACITY, maximumCacheSize);
    }

    @Override
    public <K, V> Map<K, V> createLRUSoftCache(int initialCapacity, int maximumCacheSize) {
        return createLRUSoftCache(initialCapacity, maximumCacheSize, maximumCacheSize > 0);
    }

    /** As Camel's default: its own soft-value wrapper (which is fine) over our bounded map. */
    @Override
    public <K, V> Map<K, V> createLRUSoftCache(int initialCapacity, int maximumCacheSize, boolean stopOnEviction) {
        Consumer<V> evicted = onEviction(stopOnEviction);
        Consumer<SoftReference<V>> evictedReference = reference -> {
            V value = reference.get();
            if (value != null) {
                evicted.accept(value);
            }
        };
        return new SimpleSoftCache<>(new BoundedLruMap<>(initialCapacity, maximumCacheSize, evictedReference));
    }

    // Camel 4.14.0 builds its "weak" caches as soft ones too.

    @Override
    @Deprecated(since = "4.2.0")
    public <K, V> Map<K, V> createLRUWeakCache(int maximumCacheSize) {
        return createLRUSoftCache(maximumCacheSize);
    }

    @Override
    @Deprecated(since = "4.2.0")
    public <K, V> Map<K, V> createLRUWeakCache(int initialCapacity, int maximumCacheSize) {
        return createLRUSoftCache(initialCapacity, maximumCacheSize);
    }

    @Override
    @Deprecated(since = "4.2.0")
    public <K, V> Map<K, V> createLRUWeakCache(int initialCapacity, int maximumCacheSize, boolean stopOnEviction) {
        return createLRUSoftCache(initialCapacity, maximumCacheSize, stopOnEviction);
    }

    private static <V> Consumer<V> onEviction(boolean stopOnEviction) {
        return stopOnEviction ? BoundedLruCacheFactory::stop : value -> { };
    }

    private static void stop(Object value) {
        try {
            ServiceHelper.stopService(value);
        } catch (RuntimeException e) {
            LOG.warn("Error stopping evicted service: {}. This exception is ignored.", value, e);
        }
    }
}
