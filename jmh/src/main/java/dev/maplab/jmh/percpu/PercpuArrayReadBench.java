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

/**
 * What reading the total of a per-CPU value costs, against the number of logical CPUs (2, 8, 64), one thread:
 * maplab reads every CPU's slot of a PERCPU_ARRAY element ({@code lookupAllCpus}, the syscall lookup, into a
 * reused buffer) and adds them up, as user space does with a per-CPU counter map; the anchors read one shared
 * value ({@code AtomicLongArray.get}) or sum a contended {@code LongAdder} (whose cells stop at the core count,
 * so {@code cpus} changes nothing for them). The price side of claim C5.
 *
 * <p>Score: totals read per microsecond; 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class PercpuArrayReadBench {
    public static final int ENTRIES = 64;
    public static final int INDEX = 7;

    @State(Scope.Benchmark)
    public static class Arrays {
        @Param({PercpuBench.MAPLAB, PercpuBench.ATOMICLONG, PercpuBench.LONGADDER})
        public String impl;

        @Param({"2", "8", "64"})
        public int cpus;

        ArrayMap map;
        long[] slots;
        AtomicLongArray atomics;
        LongAdder adder;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB:
                    map = PercpuBench.array(MapType.PERCPU_ARRAY, ENTRIES, cpus);
                    PercpuBench.fill(map, cpus);
                    slots = new long[cpus];
                    break;
                case PercpuBench.ATOMICLONG:
                    atomics = new AtomicLongArray(ENTRIES);
                    atomics.set(INDEX, 12345);
                    break;
                case PercpuBench.LONGADDER:
                    adder = PercpuBench.contendedLongAdder(Math.max(2, Math.min(cpus, Runtime.getRuntime().availableProcessors())));
                    break;
                default:
                    throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.ATOMICLONG, PercpuBench.LONGADDER);
            }
        }
    }

    static long total(Arrays a) {
        ArrayMap m = a.map;
        if (m != null) {
            long[] s = a.slots;
            m.lookupAllCpus(INDEX, s);
            long t = 0;
            for (long v : s) {
                t += v;
            }
            return t;
        }
        return a.atomics != null ? a.atomics.get(INDEX) : a.adder.sum();
    }

    @Benchmark
    public long readTotal(Arrays a) {
        return total(a);
    }
}
