package dev.maplab.lru;

import dev.maplab.api.Errors;

/**
 * The reference the BPF LRU is measured against: an exact least-recently-used cache of {@code long} keys
 * and values with a fixed capacity. Every hit ({@link #get}) and every write ({@link #put}) makes the key
 * the most recent; inserting into a full cache evicts the least recent key, always and only that one.
 *
 * <p>Layout: an int-indexed doubly linked recency list over {@code capacity} preallocated slots (head =
 * most recent) and an open-addressing table (linear probing, backward-shift deletion) from key to slot;
 * nothing is allocated after construction. Every method takes the instance's monitor: this is the
 * "synchronized LinkedHashMap(accessOrder = true)" a Java user would write, without the boxing, so that the
 * JMH anchor measures the policy and its lock rather than allocation.
 */
public final class ExactLru {
    private static final int NIL = -1;

    private final int capacity;
    private final long[] keys;
    private final long[] values;
    private final int[] next;
    private final int[] prev;
    private final int[] table;
    private final int tableMask;
    private int head = NIL;
    private int tail = NIL;
    private int size;
    private long evictions;
    private long lastEvicted;

    public ExactLru(int capacity) {
        if (capacity < 1 || capacity > (1 << 28)) {
            throw Errors.badArgument("capacity", capacity, "must be between 1 and 2^28");
        }
        this.capacity = capacity;
        this.keys = new long[capacity];
        this.values = new long[capacity];
        this.next = new int[capacity];
        this.prev = new int[capacity];
        int t = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1; // at least 2x capacity: load <= 1/2
        this.table = new int[t];
        this.tableMask = t - 1;
        java.util.Arrays.fill(table, NIL);
    }

    private static int mix(long k) {
        long z = k * 0x9e37_79b9_7f4a_7c15L;
        z ^= z >>> 32;
        z *= 0xbf58_476d_1ce4_e5b9L;
        return (int) (z ^ (z >>> 29));
    }

    /** The table position holding {@code key}'s slot, or the empty position where it would go (as {@code ~pos}). */
    private int find(long key) {
        int i = mix(key) & tableMask;
        for (;;) {
            int s = table[i];
            if (s == NIL) {
                return ~i;
            }
            if (keys[s] == key) {
                return i;
            }
            i = (i + 1) & tableMask;
        }
    }

    private void unlinkSlot(int s) {
        int p = prev[s];
        int n = next[s];
        if (p == NIL) {
            head = n;
        } else {
            next[p] = n;
        }
        if (n == NIL) {
            tail = p;
        } else {
            prev[n] = p;
        }
    }

    private void pushFront(int s) {
        prev[s] = NIL;
        next[s] = head;
        if (head != NIL) {
            prev[head] = s;
        }
        head = s;
        if (tail == NIL) {
            tail = s;
        }
    }

    private void touch(int s) {
        if (head != s) {
            unlinkSlot(s);
            pushFront(s);
        }
    }

    /** Removes table position {@code i} and shifts the probe run after it back (no tombstones). */
    private void deleteAt(int i) {
        int hole = i;
        int j = i;
        for (;;) {
            j = (j + 1) & tableMask;
            int s = table[j];
            if (s == NIL) {
                break;
            }
            int home = mix(keys[s]) & tableMask;
            // Move s into the hole if its home is not cyclically in (hole, j].
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                table[hole] = s;
                hole = j;
            }
        }
        table[hole] = NIL;
    }

    /** A hit makes {@code key} the most recent and returns its value; a miss returns {@code absent}. */
    public synchronized long get(long key, long absent) {
        int i = find(key);
        if (i < 0) {
            return absent;
        }
        int s = table[i];
        touch(s);
        return values[s];
    }

    /** The value without changing the recency order, or {@code absent}. */
    public synchronized long peek(long key, long absent) {
        int i = find(key);
        return i < 0 ? absent : values[table[i]];
    }

    public synchronized boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /**
     * Stores {@code value} under {@code key} and makes it the most recent. A new key in a full cache evicts
     * the least recent one first. Returns true when a key was evicted ({@link #lastEvicted()} names it).
     */
    public synchronized boolean put(long key, long value) {
        int i = find(key);
        if (i >= 0) {
            int s = table[i];
            values[s] = value;
            touch(s);
            return false;
        }
        boolean evicted = false;
        int s;
        if (size == capacity) {
            s = tail;
            lastEvicted = keys[s];
            evictions++;
            evicted = true;
            unlinkSlot(s);
            deleteAt(find(keys[s]));
            i = find(key); // the deletion may have shifted key's empty position
        } else {
            s = size++;
        }
        keys[s] = key;
        values[s] = value;
        table[~i] = s;
        pushFront(s);
        return evicted;
    }

    /** Removes {@code key}; true when it was present. */
    public synchronized boolean remove(long key) {
        int i = find(key);
        if (i < 0) {
            return false;
        }
        int s = table[i];
        unlinkSlot(s);
        deleteAt(i);
        // Keep slots dense: move the last slot into s.
        int last = --size;
        if (s != last) {
            int li = find(keys[last]);
            keys[s] = keys[last];
            values[s] = values[last];
            int p = prev[last];
            int n = next[last];
            prev[s] = p;
            next[s] = n;
            if (p == NIL) {
                head = s;
            } else {
                next[p] = s;
            }
            if (n == NIL) {
                tail = s;
            } else {
                prev[n] = s;
            }
            table[li] = s;
        }
        return true;
    }

    /** The least recent key; the cache must not be empty. */
    public synchronized long leastRecent() {
        if (size == 0) {
            throw new IllegalStateException("the cache is empty");
        }
        return keys[tail];
    }

    /** The keys from most to least recent. */
    public synchronized long[] keysByRecency() {
        long[] out = new long[size];
        int i = 0;
        for (int s = head; s != NIL; s = next[s]) {
            out[i++] = keys[s];
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized long evictions() {
        return evictions;
    }

    /** The key the last evicting {@link #put} evicted. */
    public synchronized long lastEvicted() {
        return lastEvicted;
    }
}
