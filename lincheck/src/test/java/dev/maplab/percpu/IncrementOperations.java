package dev.maplab.percpu;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Increments only: {@code inc} on logical CPU 0 or 1, and {@code sum}. With every add a +1, {@code sum()} is
 * linearizable: it reads the cells one by one while increments continue, so it returns a value between the
 * totals at its start and its end, and an increasing total takes every value in between.
 *
 * <p>Each subject is a subclass whose no-argument constructor builds its counter: 2 logical CPUs, batch
 * {@value #BATCH} (a CPU's second increment folds). Sequential meaning: {@link IncrementSpec}.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:1")
public abstract class IncrementOperations {
    public static final int CPUS = 2;
    public static final long BATCH = 2;

    protected final CounterUnderTest counter;

    protected IncrementOperations(CounterUnderTest counter) {
        this.counter = counter;
    }

    @Operation
    public void inc(@Param(name = "cpu") int cpu) {
        counter.add(cpu, 1);
    }

    @Operation
    public long sum() {
        return counter.sum();
    }

    /** The sequential counter. */
    public static class IncrementSpec {
        private long value;

        public void inc(int cpu) {
            value++;
        }

        public long sum() {
            return value;
        }
    }
}
