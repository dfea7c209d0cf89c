package dev.maplab.percpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PercpuCounter} with {@link PercpuCounter.Cells#OWNED owned} cells: a CPU's cell is written only through
 * the claim of that CPU (the kernel's preemption-off {@code this_cpu_add}); claims are exclusive, adds fold at
 * the batch exactly as with shared cells, and concurrent owners and sums lose nothing.
 */
@DisplayName("percpu_counter with owned cells")
class OwnedCellsTest {

    @Test
    @DisplayName("adds through a claim stay in the CPU's cell below the batch and fold when they reach it")
    void claimedAddsFoldAtTheBatch() {
        PercpuCounter c = PercpuCounter.owned(2, 0, 4);
        try (PercpuCounter.ClaimedCpu cpu1 = c.claim(1)) {
            cpu1.add(3);
            assertEquals(3, c.delta(1));
            assertEquals(0, c.read());
            cpu1.add(1); // |3 + 1| reaches the batch: folded into the global count
            assertEquals(0, c.delta(1));
            assertEquals(4, c.read());
            cpu1.add(-3);
            assertEquals(-3, c.delta(1));
            assertEquals(1, c.sum());
        }
    }

    @Test
    @DisplayName("a CPU holds one claim at a time: a second claim is refused naming the CPU, and succeeds once the first is closed")
    void aCpuHoldsOneClaimAtATime() {
        PercpuCounter c = PercpuCounter.owned(2, 0, 32);
        PercpuCounter.ClaimedCpu first = c.claim(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.claim(0));
        assertTrue(e.getMessage().contains("cpu 0 is claimed already"), e.getMessage());
        try (PercpuCounter.ClaimedCpu other = c.claim(1)) {
            other.inc();
        }
        first.close();
        try (PercpuCounter.ClaimedCpu again = c.claim(0)) {
            again.inc();
        }
        assertEquals(2, c.sum());
    }

    @Test
    @DisplayName("a closed claim refuses adds, and closing twice gives the CPU back once")
    void aClosedClaimRefusesAdds() {
        PercpuCounter c = PercpuCounter.owned(1, 0, 32);
        PercpuCounter.ClaimedCpu claim = c.claim(0);
        claim.close();
        claim.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> claim.add(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        PercpuCounter.ClaimedCpu next = c.claim(0);
        claim.close(); // the old handle's second close must not release the new owner's claim
        assertThrows(IllegalStateException.class, () -> c.claim(0));
        next.close();
        assertEquals(0, c.sum());
    }

    @Test
    @DisplayName("an owned counter refuses add() and addOn(), and a shared counter refuses claims, each saying why")
    void cellsAreEitherSharedOrOwned() {
        PercpuCounter owned = PercpuCounter.owned(2, 0, 32);
        assertTrue(assertThrows(IllegalStateException.class, () -> owned.add(1)).getMessage().contains("OWNED"));
        assertTrue(assertThrows(IllegalStateException.class, () -> owned.addOn(0, 1)).getMessage().contains("OWNED"));
        PercpuCounter shared = new PercpuCounter(2);
        assertTrue(assertThrows(IllegalStateException.class, () -> shared.claim(0)).getMessage().contains("SHARED"));
        assertEquals(PercpuCounter.Cells.OWNED, owned.access());
        assertEquals(PercpuCounter.Cells.SHARED, shared.access());
    }

    @Test
    @DisplayName("claim rejects a CPU outside [0, cpus) naming it; a null access is rejected")
    void claimRejectsACpuOutsideTheRange() {
        PercpuCounter c = PercpuCounter.owned(2, 0, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.claim(2));
        assertTrue(e.getMessage().contains("cpu = 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.claim(-1));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> new PercpuCounter(2, 0, 32, null));
        assertTrue(n.getMessage().contains("access"), n.getMessage());
    }

    @Test
    @DisplayName("owners on every CPU and a concurrent summer: sums never go backwards, the final sum is exact, read within its bound")
    void concurrentOwnersLoseNothing() throws InterruptedException {
        int cpus = 2;
        int adds = 2_000_000;
        PercpuCounter c = PercpuCounter.owned(cpus, 0, 32);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong violations = new AtomicLong();
        Thread[] owners = new Thread[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            final int id = cpu;
            owners[cpu] = new Thread(() -> {
                try (PercpuCounter.ClaimedCpu claim = c.claim(id)) {
                    start.await();
                    for (int i = 0; i < adds; i++) {
                        claim.inc();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            owners[cpu].start();
        }
        Thread summer = new Thread(() -> {
            long last = 0;
            while (owners[0].isAlive() || owners[1].isAlive()) {
                long s = c.sum();
                // increments only: consecutive sums never go backwards and never exceed the adds made
                if (s < last || s > (long) cpus * adds) {
                    violations.incrementAndGet();
                }
                last = s;
            }
        });
        summer.start();
        start.countDown();
        for (Thread t : owners) {
            t.join();
        }
        summer.join();
        assertEquals(0, violations.get());
        assertEquals((long) cpus * adds, c.sum());
        assertTrue(Math.abs(c.sum() - c.read()) < c.errorBound());
    }
}
