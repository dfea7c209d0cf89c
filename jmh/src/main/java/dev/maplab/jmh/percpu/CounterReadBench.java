package dev.maplab.jmh.percpu;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.percpu.PercpuCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a per-CPU counter costs, against the number of logical CPUs (2, 8, 64), one thread, the counter
 * at rest with a delta in every CPU's cell:
 * <ul>
 *   <li>{@code read}: maplab {@code read()} (the global count, one load); {@code LongAdder.sum()};
 *       {@code AtomicLong.get()}.</li>
 *   <li>{@code sum}: maplab {@code sum()} (the lock, the count and every CPU's cell); {@code LongAdder.sum()};
 *       {@code AtomicLong.get()}.</li>
 * </ul>
 * The LongAdder has been incremented by {@code min(cpus, cores)} threads at once, so its cells exist as
 * contention made them; they stop at the core count, so {@code cpus} changes nothing for it (nor for AtomicLong).
 * Targets (claim C5): maplab {@code read()} at 64 logical CPUs at least 10x the throughput of maplab
 * {@code sum()} at 64 and at least 1.0x {@code LongAdder.sum()}; 0 B/op.
 *
 * <p>Score: reads per microsecond.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class CounterReadBench {

    @State(Scope.Benchmark)
    public static class Counters {
        @Param({PercpuBench.MAPLAB, PercpuBench.LONGADDER, PercpuBench.ATOMICLONG})
        public String impl;

        @Param({"2", "8", "64"})
        public int cpus;

        PercpuCounter maplab;
        LongAdder adder;
        AtomicLong atomic;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB: {
                    maplab = new PercpuCounter(cpus);
                    int previous = LogicalCpu.bound();
                    for (int c = 0; c < cpus; c++) {
                        LogicalCpu.set(c);
                        maplab.add(1 + c % 7); // below the batch: every cell holds a delta
                    }
                    if (previous >= 0) {
                        LogicalCpu.set(previous);
                    } else {
                        LogicalCpu.unbind();
                    }
                    break;
                }
                case PercpuBench.LONGADDER:
                    adder = PercpuBench.contendedLongAdder(Math.max(2, Math.min(cpus, Runtime.getRuntime().availableProcessors())));
                    break;
                case PercpuBench.ATOMICLONG:
                    atomic = new AtomicLong(12345);
                    break;
                default:
                    throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.LONGADDER, PercpuBench.ATOMICLONG);
            }
        }
    }

    static long readOf(Counters c) {
        PercpuCounter m = c.maplab;
        if (m != null) {
            return m.read();
        }
        return c.adder != null ? c.adder.sum() : c.atomic.get();
    }

    static long sumOf(Counters c) {
        PercpuCounter m = c.maplab;
        if (m != null) {
            return m.sum();
        }
        return c.adder != null ? c.adder.sum() : c.atomic.get();
    }

    @Benchmark
    public long read(Counters c) {
        return readOf(c);
    }

    @Benchmark
    public long sum(Counters c) {
        return sumOf(c);
    }
}
