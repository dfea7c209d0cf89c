package dev.maplab.percpu;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Adds of both signs: {@code add(cpu, amount)} with amount -1, 0 or +1 on logical CPU 0 or 1, and {@code sum}.
 * Here {@code sum()} is not linearizable (it can return a total the counter never held; see
 * {@link PercpuCounter}); a sum after the parallel part (Lincheck's post part runs alone) must still be exact,
 * which is what the fold mutant breaks.
 *
 * <p>Subjects: 2 logical CPUs, batch {@value #BATCH}. Sequential meaning: {@link SignedSpec}.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:1")
@Param(name = "amount", gen = IntGen.class, conf = "-1:1")
public abstract class SignedOperations {
    public static final int CPUS = 2;
    public static final long BATCH = 2;

    protected final CounterUnderTest counter;

    protected SignedOperations(CounterUnderTest counter) {
        this.counter = counter;
    }

    @Operation
    public void add(@Param(name = "cpu") int cpu, @Param(name = "amount") int amount) {
        counter.add(cpu, amount);
    }

    @Operation
    public long sum() {
        return counter.sum();
    }

    /** The sequential counter. */
    public static class SignedSpec {
        private long value;

        public void add(int cpu, int amount) {
            value += amount;
        }

        public long sum() {
            return value;
        }
    }
}
