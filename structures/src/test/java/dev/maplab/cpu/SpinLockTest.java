package dev.maplab.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The spin lock on an int word and on a long word: mutual exclusion and the single-attempt try. */
class SpinLockTest {
    private static final int THREADS = 2;
    private static final int ROUNDS = 200_000;

    @Test
    @DisplayName("an int-word lock held excludes tryLock until it is unlocked")
    void intTryLockFailsWhileHeld() {
        int[] w = new int[4];
        SpinLock.lock(w, 2);
        assertTrue(SpinLock.isLocked(w, 2));
        assertFalse(SpinLock.tryLock(w, 2));
        SpinLock.unlock(w, 2);
        assertTrue(SpinLock.tryLock(w, 2));
    }

    @Test
    @DisplayName("a long-word lock held excludes tryLock until it is unlocked, and leaves its neighbours alone")
    void longTryLockFailsWhileHeld() {
        long[] w = {7, 0, 9};
        SpinLock.lock(w, 1);
        assertTrue(SpinLock.isLocked(w, 1));
        assertFalse(SpinLock.tryLock(w, 1));
        SpinLock.unlock(w, 1);
        assertFalse(SpinLock.isLocked(w, 1));
        assertTrue(SpinLock.tryLock(w, 1));
        assertEquals(7, w[0]);
        assertEquals(9, w[2]);
    }

    @Test
    @DisplayName("a long-word lock makes read-modify-write of a plain neighbour word exclusive: no increment lost")
    void longLockExcludes() throws InterruptedException {
        long[] w = new long[2]; // w[0]: a plain counter guarded by the lock at w[1], on the same line
        Thread[] ts = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    SpinLock.lock(w, 1);
                    w[0] = w[0] + 1;
                    SpinLock.unlock(w, 1);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals((long) THREADS * ROUNDS, w[0]);
    }
}
