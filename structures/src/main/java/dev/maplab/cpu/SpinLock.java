package dev.maplab.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set spin lock on one slot of an {@code int[]} or a {@code long[]}: the kit's
 * {@code raw_spinlock_t}.
 *
 * <p>Lock words live inside the structures' own arrays (a hash bucket is {@code {head, lock}} like the
 * kernel's {@code struct bucket}; a per-CPU counter's lock sits beside its {@code long} count, as in
 * {@code struct percpu_counter}), so there is no lock object per bucket. 0 is free, 1 is held.
 *
 * <p>The kernel spins with preemption disabled, so a holder always makes progress. A Java holder can be
 * descheduled while others spin, so after {@link #SPINS_BEFORE_YIELD} failed attempts a waiter yields
 * its core. {@link #tryLock} is the NMI-context variant (one attempt, may fail under contention).
 */
public final class SpinLock {
    private static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);
    static final int SPINS_BEFORE_YIELD = 64;

    private SpinLock() {
    }

    public static void lock(int[] words, int index) {
        // CAS has acquire semantics (volatile): pairs with the release store in unlock().
        if (INT.compareAndSet(words, index, 0, 1)) {
            return;
        }
        lockSlow(words, index);
    }

    private static void lockSlow(int[] words, int index) {
        int spins = 0;
        for (;;) {
            // Opaque read while waiting: no ordering needed until the CAS succeeds.
            if ((int) INT.getOpaque(words, index) == 0 && INT.compareAndSet(words, index, 0, 1)) {
                return;
            }
            spins = backOff(spins);
        }
    }

    /**
     * One wait between attempts: spin-wait hints, then after {@link #SPINS_BEFORE_YIELD} of them a yield
     * of the core (the holder may be descheduled). Returns the new spin count.
     */
    private static int backOff(int spins) {
        if (spins + 1 < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return spins + 1;
        }
        Thread.yield();
        return 0;
    }

    /** One attempt; true when the lock is now held. */
    public static boolean tryLock(int[] words, int index) {
        return (int) INT.getOpaque(words, index) == 0 && INT.compareAndSet(words, index, 0, 1);
    }

    public static void unlock(int[] words, int index) {
        // Release: everything written under the lock is visible to the next holder's acquiring CAS.
        INT.setRelease(words, index, 0);
    }

    public static boolean isLocked(int[] words, int index) {
        return (int) INT.getOpaque(words, index) != 0;
    }

    // The same lock on a long word, for lock words that share a cache line with long data.

    public static void lock(long[] words, int index) {
        // CAS has acquire semantics (volatile): pairs with the release store in unlock().
        if (LONG.compareAndSet(words, index, 0L, 1L)) {
            return;
        }
        int spins = 0;
        for (;;) {
            // Opaque read while waiting: no ordering needed until the CAS succeeds.
            if ((long) LONG.getOpaque(words, index) == 0L && LONG.compareAndSet(words, index, 0L, 1L)) {
                return;
            }
            spins = backOff(spins);
        }
    }

    /** One attempt; true when the lock is now held. */
    public static boolean tryLock(long[] words, int index) {
        return (long) LONG.getOpaque(words, index) == 0L && LONG.compareAndSet(words, index, 0L, 1L);
    }

    public static void unlock(long[] words, int index) {
        // Release: everything written under the lock is visible to the next holder's acquiring CAS.
        LONG.setRelease(words, index, 0L);
    }

    public static boolean isLocked(long[] words, int index) {
        return (long) LONG.getOpaque(words, index) != 0L;
    }
}
