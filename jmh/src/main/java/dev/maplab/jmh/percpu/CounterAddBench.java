package dev.maplab.jmh.percpu;

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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Counter add throughput, one counter shared by all threads, on one and two threads: maplab's
 * {@code PercpuCounter.add(1)} (the calling thread's logical CPU from {@code LogicalCpu}, a compare-and-swap on
 * its padded cell, and every {@code batch}-th add a fold into the global count under the lock; default batch
 * {@code max(32, 2 x cpus)}) beside {@code LongAdder.increment()} and {@code AtomicLong.incrementAndGet()}.
 * Claim C5 (per-CPU copies avoid contention); targets: maplab at least 0.9x LongAdder at 1 and 2 threads and
 * at least 3x AtomicLong at 2 threads, 0 B/op.
 *
 * <p>Score: adds per microsecond (sum over threads). {@code cpus} is the maplab counter's logical CPU count
 * (each thread its own while threads are at most {@code cpus}; {@code jmh/scaling.sh} runs this with
 * {@code -t 1..16 -p cpus=16}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CounterAddBench {

    /** The counter, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Counters {
        @Param({PercpuBench.MAPLAB, PercpuBench.MAPLAB_THREADLOCAL, PercpuBench.LONGADDER, PercpuBench.ATOMICLONG})
        public String impl;

        @Param({"2"})
        public int cpus;

        PercpuCounter maplab;
        /** maplab: the thread passes its bound CPU (as a program's this_cpu_ptr); maplab-threadlocal: LogicalCpu looks it up. */
        boolean explicitCpu;
        LongAdder adder;
        AtomicLong atomic;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB:
                case PercpuBench.MAPLAB_THREADLOCAL:
                    maplab = new PercpuCounter(cpus);
                    explicitCpu = PercpuBench.MAPLAB.equals(impl);
                    break;
                case PercpuBench.LONGADDER: adder = new LongAdder(); break;
                case PercpuBench.ATOMICLONG: atomic = new AtomicLong(); break;
                default: throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.LONGADDER, PercpuBench.ATOMICLONG);
            }
        }
    }

    /** The benchmark thread's logical CPU. */
    @State(Scope.Thread)
    public static class Cpu {
        int id;

        @Setup(Level.Trial)
        public void setUp(Counters c, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), c.cpus);
            id = tp.getThreadIndex() % c.cpus;
        }

        @Setup(Level.Iteration)
        public void rebind(Counters c, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), c.cpus);
        }
    }

    static void add(Counters c, Cpu cpu) {
        PercpuCounter m = c.maplab;
        if (m != null) {
            if (c.explicitCpu) {
                m.addOn(cpu.id, 1);
            } else {
                m.add(1);
            }
        } else if (c.adder != null) {
            c.adder.increment();
        } else {
            c.atomic.incrementAndGet();
        }
    }

    @Benchmark
    @Threads(1)
    public void addT1(Counters c, Cpu cpu) {
        add(c, cpu);
    }

    @Benchmark
    @Threads(2)
    public void addT2(Counters c, Cpu cpu) {
        add(c, cpu);
    }
}
