package dev.maplab.jmh.percpu;

import dev.maplab.api.MapType;
import dev.maplab.array.ArrayMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The BPF counter pattern, every thread incrementing the same element of a map, on one and two threads: what a
 * per-CPU value buys over a shared one updated with atomics (claim C5).
 * <ul>
 *   <li>{@value PercpuBench#MAPLAB}: a PERCPU_ARRAY, {@code add(index, 1)}: a program's {@code *val += 1} on its
 *       own CPU's slot, a plain read and write (each thread has its own logical CPU);</li>
 *   <li>{@value PercpuBench#MAPLAB_ARRAY_ATOMIC}: an ARRAY, {@code atomicAdd(index, 1)}: {@code
 *       __sync_fetch_and_add} on the one shared value;</li>
 *   <li>{@value PercpuBench#ATOMICLONG}: {@code AtomicLongArray.getAndIncrement(index)} (the Java shared array
 *       updated with atomics);</li>
 *   <li>{@value PercpuBench#LONGADDER}: one {@code LongAdder} per element, {@code increment()}.</li>
 * </ul>
 * Score: updates per microsecond (sum over threads); 0 B/op for all four.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PercpuArrayUpdateBench {
    /** Elements of every array; all threads update {@link #INDEX}. */
    public static final int ENTRIES = 64;
    public static final int INDEX = 7;

    @State(Scope.Benchmark)
    public static class Arrays {
        @Param({PercpuBench.MAPLAB, PercpuBench.MAPLAB_ARRAY_ATOMIC, PercpuBench.ATOMICLONG, PercpuBench.LONGADDER})
        public String impl;

        @Param({"2"})
        public int cpus;

        ArrayMap map;
        boolean atomic;
        AtomicLongArray atomics;
        LongAdder[] adders;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB:
                    map = PercpuBench.array(MapType.PERCPU_ARRAY, ENTRIES, cpus);
                    break;
                case PercpuBench.MAPLAB_ARRAY_ATOMIC:
                    map = PercpuBench.array(MapType.ARRAY, ENTRIES, cpus);
                    atomic = true;
                    break;
                case PercpuBench.ATOMICLONG:
                    atomics = new AtomicLongArray(ENTRIES);
                    break;
                case PercpuBench.LONGADDER:
                    adders = new LongAdder[ENTRIES];
                    for (int i = 0; i < ENTRIES; i++) {
                        adders[i] = new LongAdder();
                    }
                    break;
                default:
                    throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.MAPLAB_ARRAY_ATOMIC, PercpuBench.ATOMICLONG,
                            PercpuBench.LONGADDER);
            }
        }
    }

    @State(Scope.Thread)
    public static class Cpu {
        @Setup(Level.Trial)
        public void setUp(Arrays a, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), a.cpus);
        }

        @Setup(Level.Iteration)
        public void rebind(Arrays a, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), a.cpus);
        }
    }

    static long update(Arrays a) {
        ArrayMap m = a.map;
        if (m != null) {
            return a.atomic ? m.atomicAdd(INDEX, 1) : m.add(INDEX, 1);
        }
        if (a.atomics != null) {
            return a.atomics.getAndIncrement(INDEX);
        }
        a.adders[INDEX].increment();
        return 0;
    }

    @Benchmark
    @Threads(1)
    public long updateT1(Arrays a, Cpu cpu) {
        return update(a);
    }

    @Benchmark
    @Threads(2)
    public long updateT2(Arrays a, Cpu cpu) {
        return update(a);
    }
}
