package dev.maplab.lru;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Targeted scenarios ({@code setup; thread 1 || thread 2}). For {@link LruOperations} (never evicting, one
 * CPU; keys 1 and 3 share a bucket, 2 is elsewhere): the element-reuse windows of the hash table, which an
 * LRU map has too (a freed node is the next one its CPU takes). For {@link LruEvictionOperations} (3
 * CPUs): the LRU's own cross-CPU windows, each with the map size it needs.
 */
public final class LruScenarios {
    private LruScenarios() {
    }

    /** Scenarios of the never-evicting configuration. */
    public enum Reuse {
        /** The kernel's replace window (new node at the head, old one unlinked): the kernel variant's finding. */
        REPLACE_BEHIND_HEAD("update 1, update 3; lookup 1 || update 1"),
        /** A reader parked on an element that is deleted and reused in another bucket (nulls restart). */
        REUSE_IN_OTHER_BUCKET("update 1, update 3; lookup 1 || delete 3, update 2"),
        /** Reuse between the match and the value copy (seqlock validation). */
        REUSE_BEFORE_COPY("update 3; lookup 3 || delete 3, update 2"),
        /** Freeing the element a reader stands on (the LRU lists never touch the chain link). */
        FREE_UNDER_READER("update 1, update 3, delete 1; lookup 1 || delete 3");

        public final String text;

        Reuse(String text) {
            this.text = text;
        }
    }

    /** Scenarios of the evicting configuration. */
    public enum Cross {
        /**
         * 12 entries (target_free 2). CPU 0 inserts 1 (its refill takes 2 nodes: 1's node is pending, one more
         * is on CPU 0's local free list); then CPU 0 inserts 2 (pops that node and pushes it on its pending list
         * under its local lock) while CPU 1 deletes 1 (frees a node on CPU 0's pending list: needs CPU 0's lock).
         */
        FREE_PENDING_OF_OTHER_CPU("cpu0 insert 1; cpu0 insert 2 || cpu1 delete 1", 12),
        /**
         * 2 entries (target_free 1). CPU 0 inserts 1 and deletes it (the node back on CPU 0's local free list),
         * CPU 1 inserts 2 (the last global node): nothing is left on the global lists. Then CPU 0 inserts 3 (pops
         * its own free node) while CPU 2 inserts 4 (finds nothing locally or globally and steals, from CPU 0
         * first).
         */
        STEAL_RACES_OWNER_POP("cpu0 insert 1, cpu0 delete 1, cpu1 insert 2; cpu0 insert 3 || cpu2 insert 4", 2),
        /**
         * 4 entries (target_free 1). CPU 0 inserts 1..4 (1, 2, 3 end on the inactive list, 1 at the tail); then
         * CPU 1 deletes 1 while CPU 0 inserts 5, whose refill shrinks from the inactive tail: the delete and the
         * shrink select the same node.
         */
        DELETE_RACES_SHRINK("cpu0 insert 1..4; cpu1 delete 1 || cpu0 insert 5", 4);

        public final String text;
        public final int maxEntries;

        Cross(String text, int maxEntries) {
            this.text = text;
            this.maxEntries = maxEntries;
        }
    }

    private static Method method(Class<?> c, String name, Class<?>... types) {
        try {
            return c.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Method LOOKUP = method(LruOperations.class, "lookup", int.class);
    private static final Method UPDATE = method(LruOperations.class, "update", int.class, int.class, int.class);
    private static final Method DELETE = method(LruOperations.class, "delete", int.class);
    private static final Method X_INSERT = method(LruEvictionOperations.class, "insert", int.class, int.class);
    private static final Method X_DELETE = method(LruEvictionOperations.class, "delete", int.class, int.class);

    public static ExecutionScenario of(Reuse r) {
        switch (r) {
            case REPLACE_BEHIND_HEAD:
                return scenario(List.of(update(1, 1), update(3, 1)), List.of(lookup(1)), List.of(update(1, 2)));
            case REUSE_IN_OTHER_BUCKET:
                return scenario(List.of(update(1, 1), update(3, 1)), List.of(lookup(1)), List.of(delete(3), update(2, 1)));
            case REUSE_BEFORE_COPY:
                return scenario(List.of(update(3, 1)), List.of(lookup(3)), List.of(delete(3), update(2, 2)));
            case FREE_UNDER_READER:
                return scenario(List.of(update(1, 1), update(3, 1), delete(1)), List.of(lookup(1)), List.of(delete(3)));
            default:
                throw new IllegalArgumentException("scenario = " + r);
        }
    }

    public static ExecutionScenario of(Cross c) {
        switch (c) {
            case FREE_PENDING_OF_OTHER_CPU:
                return scenario(List.of(xInsert(0, 1)), List.of(xInsert(0, 2)), List.of(xDelete(1, 1)));
            case STEAL_RACES_OWNER_POP:
                return scenario(List.of(xInsert(0, 1), xDelete(0, 1), xInsert(1, 2)), List.of(xInsert(0, 3)), List.of(xInsert(2, 4)));
            case DELETE_RACES_SHRINK:
                return scenario(List.of(xInsert(0, 1), xInsert(0, 2), xInsert(0, 3), xInsert(0, 4)),
                        List.of(xDelete(1, 1)), List.of(xInsert(0, 5)));
            default:
                throw new IllegalArgumentException("scenario = " + c);
        }
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t1, List<Actor> t2) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor lookup(int key) {
        return actor(LOOKUP, key);
    }

    private static Actor update(int key, int v) {
        return actor(UPDATE, key, v, 0);
    }

    private static Actor delete(int key) {
        return actor(DELETE, key);
    }

    private static Actor xInsert(int cpu, int key) {
        return actor(X_INSERT, cpu, key);
    }

    private static Actor xDelete(int cpu, int key) {
        return actor(X_DELETE, cpu, key);
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }
}
