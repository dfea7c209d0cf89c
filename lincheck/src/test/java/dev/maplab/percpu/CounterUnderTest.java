package dev.maplab.percpu;

import dev.maplab.cpu.LogicalCpu;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter as the Lincheck operations drive it: an add on a given logical CPU, the exact-at-quiescence
 * {@code sum} and the rough {@code read}. The production {@link PercpuCounter} (and its mutants) bind the
 * calling thread to the CPU first; the JDK's {@link LongAdder} (the anchor) ignores it (its cells are chosen
 * by a per-thread probe).
 */
public interface CounterUnderTest {
    void add(int cpu, long amount);

    long sum();

    long read();

    /** A {@link PercpuCounter} (or a mutant of it). */
    static CounterUnderTest of(PercpuCounter c) {
        return new CounterUnderTest() {
            @Override
            public void add(int cpu, long amount) {
                LogicalCpu.set(cpu);
                c.add(amount);
            }

            @Override
            public long sum() {
                return c.sum();
            }

            @Override
            public long read() {
                return c.read();
            }

            @Override
            public String toString() {
                return c.toString();
            }
        };
    }

    /** The JDK's {@link LongAdder}: {@code add}, {@code sum}; its read is its sum. */
    static CounterUnderTest longAdder() {
        LongAdder a = new LongAdder();
        return new CounterUnderTest() {
            @Override
            public void add(int cpu, long amount) {
                a.add(amount);
            }

            @Override
            public long sum() {
                return a.sum();
            }

            @Override
            public long read() {
                return a.sum();
            }

            @Override
            public String toString() {
                return "LongAdder{" + a + "}";
            }
        };
    }
}
