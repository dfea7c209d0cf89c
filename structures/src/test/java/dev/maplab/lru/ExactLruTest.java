package dev.maplab.lru;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
class ExactLruTest {
    @Test
    @DisplayName("evicts exactly the least recently used key; get and put refresh recency")
    void evictsTheLeastRecent() {
        ExactLru c = new ExactLru(3);
        c.put(1, 10);
        c.put(2, 20);
        c.put(3, 30);
        assertEquals(10, c.get(1, -1));
        assertTrue(c.put(4, 40));
        assertEquals(2, c.lastEvicted());
        assertFalse(c.containsKey(2));
        assertArrayEquals(new long[] {4, 1, 3}, c.keysByRecency());
        assertFalse(c.put(3, 31));
        assertEquals(1, c.leastRecent());
        assertEquals(-1, c.peek(2, -1));
    }

    @Test
    @DisplayName("agrees with LinkedHashMap(accessOrder) on a long random sequence, removals included")
    void agreesWithLinkedHashMap() {
        int cap = 50;
        ExactLru c = new ExactLru(cap);
        LinkedHashMap<Long, Long> ref = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> e) {
                return size() > cap;
            }
        };
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(120) * 0x9e3779b97f4a7c15L;
            int op = r.nextInt(10);
            if (op < 5) {
                Long want = ref.get(k);
                assertEquals(want == null ? -1 : want, c.get(k, -1));
            } else if (op < 9) {
                ref.put(k, (long) i);
                c.put(k, i);
            } else {
                assertEquals(ref.remove(k) != null, c.remove(k));
            }
            assertEquals(ref.size(), c.size());
        }
        long[] order = c.keysByRecency();
        Long[] expected = ref.keySet().toArray(new Long[0]);
        for (int i = 0; i < order.length; i++) {
            assertEquals(expected[expected.length - 1 - i], order[i]);
        }
    }

    @Test
    @DisplayName("capacity must be at least 1")
    void badCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new ExactLru(0));
    }
}
