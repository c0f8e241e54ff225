package io.adrelay.common.storage;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A least-recently-used map holding at most {@code maximumSize} entries: an access-ordered
 * {@link LinkedHashMap} behind one lock (even {@code get} reorders it). No operation gets dearer
 * however many keys went through it. The eviction callback runs once the lock is released, so it
 * may stop a service, or use this map, without holding up other threads or corrupting the map.
 */
public final class BoundedLruMap<K, V> implements Map<K, V> {

    private final int maximumSize;
    private final Consumer<V> onEvict;
    private final LinkedHashMap<K, V> entries;
    /** Values evicted by the current write, handed to {@link #onEvict} once it is done; guarded by this. */
    private List<V> evicted = new ArrayList<>();

    public BoundedLruMap(int initialCapacity, int maximumSize, Consumer<V> onEvict) {
        if (maximumSize <= 0) {
            // as Camel's own SimpleLRUCache
            throw new IllegalArgumentException("The maximum cache size must be greater than 0");
        }
        this.maximumSize = maximumSize;
        this.onEvict = onEvict;
        this.entries = new LinkedHashMap<>(initialCapacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() <= BoundedLruMap.this.maximumSize) {
                    return false;
                }
                evicted.add(eldest.getValue());
                return true;
            }
        };
    }

    /** Runs one write under the lock, then hands what it evicted to the callback. */
    private <R> R write(Function<Map<K, V>, R> operation) {
        R result;
        List<V> done;
        synchronized (this) {
            result = operation.apply(entries);
            if (evicted.isEmpty()) {
                return result;
            }
            done = evicted;
            evicted = new ArrayList<>();
        }
        done.forEach(onEvict);
        return result;
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public synchronized boolean containsValue(Object value) {
        return entries.containsValue(value);
    }

    @Override
    public synchronized V get(Object key) {
        return entries.get(key);
    }

    @Override
    public synchronized V getOrDefault(Object key, V defaultValue) {
        return entries.getOrDefault(key, defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return write(map -> map.put(key, value));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        write(map -> {
            map.putAll(m);
            return null;
        });
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return write(map -> map.putIfAbsent(key, value));
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        return write(map -> map.computeIfAbsent(key, mappingFunction));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return write(map -> map.compute(key, remappingFunction));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        return write(map -> map.merge(key, value, remappingFunction));
    }

    @Override
    public synchronized V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return entries.computeIfPresent(key, remappingFunction);
    }

    @Override
    public synchronized V replace(K key, V value) {
        return entries.replace(key, value);
    }

    @Override
    public synchronized boolean replace(K key, V oldValue, V newValue) {
        return entries.replace(key, oldValue, newValue);
    }

    @Override
    public synchronized void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        entries.replaceAll(function);
    }

    @Override
    public synchronized V remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public synchronized boolean remove(Object key, Object value) {
        return entries.remove(key, value);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    // The views are copies: Camel iterates them while other threads write (and get() reorders),
    // which a live LinkedHashMap view would answer with ConcurrentModificationException. Map's
    // default forEach goes through entrySet(), so Camel's SimpleSoftCache may remove inside it.

    @Override
    public synchronized Set<K> keySet() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(entries.keySet()));
    }

    @Override
    public synchronized Collection<V> values() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    @Override
    public synchronized Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> copy = new LinkedHashSet<>();
        entries.forEach((k, v) -> copy.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        return Collections.unmodifiableSet(copy);
    }

    @Override
    public synchronized boolean equals(Object o) {
        return o == this || entries.equals(o);
    }

    @Override
    public synchronized int hashCode() {
        return entries.hashCode();
    }

    @Override
    public synchronized String toString() {
        return entries.toString();
    }
}
