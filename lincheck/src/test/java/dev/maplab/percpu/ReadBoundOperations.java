package dev.maplab.percpu;

import dev.maplab.cpu.LogicalCpu;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The custom check of {@code read()}'s error bound: {@code readWithinBound()} reads the rough count and says
 * whether it is strictly within {@code batch x cpus} of the exact total at that moment. The sequential
 * specification ({@link ReadBoundSpec}) answers {@code true} for it and nothing for the other operations, so
 * Lincheck reports any interleaving it explores in which some {@code read()} is outside the bound, with the
 * interleaving.
 *
 * <p><b>The exact total at the moment of the read</b> is known from a ghost log the operations keep, one per
 * thread (written by that thread only): the amounts of its adds, how many it has started and how many it has
 * completed. The read takes the completed counts before its load and the started counts after it. An add
 * completed before the first snapshot has taken effect before the load; an add started after the second
 * has not; the adds in between may or may not have, so the exact total at the load lies between {@code
 * done + (their negative amounts)} and {@code done + (their positive amounts)}, and the check accepts the
 * read if it is within the bound of some value in that range. The slack is only the amounts of adds
 * concurrent with the read itself.
 *
 * <p>Every thread runs on its own logical CPU (the kernel's situation: one context per CPU). {@code sum()} is
 * an operation because it takes the counter's lock, which is what adds on other CPUs then find busy.
 * Subjects: {@value #CPUS} logical CPUs (the threads, plus one for a thread that only runs the init or post
 * part), batch {@value #BATCH}, amounts -2..2 (a ±2 reaches the batch at once: a fold).
 */
@Param(name = "amount", gen = IntGen.class, conf = "-2:2")
public abstract class ReadBoundOperations {
    public static final int CPUS = 3;
    public static final long BATCH = 2;
    private static final int MAX_OPS = 32;

    private final PercpuCounter counter;
    private final AtomicInteger nextId = new AtomicInteger();
    private final ThreadLocal<int[]> id = ThreadLocal.withInitial(() -> new int[] {nextId.getAndIncrement()});
    private final long[][] amounts = new long[CPUS][MAX_OPS];
    private final int[] started = new int[CPUS];
    private final int[] completed = new int[CPUS];

    protected ReadBoundOperations(PercpuCounter counter) {
        this.counter = counter;
    }

    /** This thread's ghost log, which is also its logical CPU. */
    private int me() {
        int i = id.get()[0];
        if (i >= CPUS) {
            throw new IllegalStateException("more threads than logical CPUs (" + CPUS + ") in a read-bound scenario");
        }
        return i;
    }

    @Operation
    public void add(@Param(name = "amount") int amount) {
        int me = me();
        LogicalCpu.set(me);
        amounts[me][started[me]] = amount;
        started[me]++;
        counter.add(amount);
        completed[me]++;
    }

    /** Takes the lock (its value is not checked here: with adds of both signs it is not linearizable). */
    @Operation
    public void sum() {
        counter.sum();
    }

    /** True when {@code read()} is strictly within {@code batch x cpus} of the exact total when it loaded the count. */
    @Operation
    public boolean readWithinBound() {
        int[] done = new int[CPUS];
        for (int t = 0; t < CPUS; t++) {
            done[t] = completed[t];
        }
        long r = counter.read();
        long base = 0;
        long low = 0;
        long high = 0;
        for (int t = 0; t < CPUS; t++) {
            int begun = started[t];
            for (int k = 0; k < done[t]; k++) {
                base += amounts[t][k];
            }
            for (int k = done[t]; k < begun; k++) {
                low += Math.min(0, amounts[t][k]);
                high += Math.max(0, amounts[t][k]);
            }
        }
        long bound = counter.errorBound();
        return r > base + low - bound && r < base + high + bound;
    }

    /** Every read is within its bound; the other operations return nothing. */
    public static class ReadBoundSpec {
        public void add(int amount) {
        }

        public void sum() {
        }

        public boolean readWithinBound() {
            return true;
        }
    }
}
