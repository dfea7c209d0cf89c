package dev.maplab.percpu;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Increments only, with {@link PercpuCounter.Cells#OWNED owned} cells: {@code inc0} through the claim of CPU 0,
 * {@code inc1} through the claim of CPU 1, and {@code sum}. Each CPU's increments are a {@code
 * nonParallelGroup}: they run on one thread, as a CPU's cell has one writer while it is claimed. The owned fast
 * path is a plain load and store; the fold runs under the lock, so {@code sum()} stays linearizable.
 *
 * <p>Each subject is a subclass whose no-argument constructor builds its counter (2 logical CPUs, batch
 * {@value IncrementOperations#BATCH}: a CPU's second increment folds) and claims both CPUs. Sequential
 * meaning: {@link OwnedIncrementSpec}.
 */
public abstract class OwnedIncrementOperations {
    protected final PercpuCounter counter;
    private final PercpuCounter.ClaimedCpu cpu0;
    private final PercpuCounter.ClaimedCpu cpu1;

    protected OwnedIncrementOperations(PercpuCounter counter) {
        this.counter = counter;
        this.cpu0 = counter.claim(0);
        this.cpu1 = counter.claim(1);
    }

    @Operation(nonParallelGroup = "cpu0")
    public void inc0() {
        cpu0.inc();
    }

    @Operation(nonParallelGroup = "cpu1")
    public void inc1() {
        cpu1.inc();
    }

    @Operation
    public long sum() {
        return counter.sum();
    }

    /** The sequential counter. */
    public static class OwnedIncrementSpec {
        private long value;

        public void inc0() {
            value++;
        }

        public void inc1() {
            value++;
        }

        public long sum() {
            return value;
        }
    }
}
