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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Counter add throughput, one counter shared by all threads, on one and two threads: maplab's per-CPU counter
 * beside {@code LongAdder.increment()} and {@code AtomicLong.incrementAndGet()}. {@code maplab}: owned cells,
 * each thread adds through the claim of its logical CPU (a plain load and store on its padded cell, the
 * kernel's {@code this_cpu_add} with preemption off); {@code maplab-shared}: shared cells, a compare-and-swap
 * on the cell of the CPU the thread passes; {@code maplab-threadlocal}: shared cells, the CPU looked up in
 * {@code LogicalCpu}. In all three every {@code batch}-th add folds the cell into the global count under the
 * lock (default batch {@code max(32, 2 x cpus)}).
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
        @Param({PercpuBench.MAPLAB, PercpuBench.MAPLAB_SHARED, PercpuBench.MAPLAB_THREADLOCAL, PercpuBench.LONGADDER,
                PercpuBench.ATOMICLONG})
        public String impl;

        @Param({"2"})
        public int cpus;

        /**
         * The maplab counter's batch: {@code 32}, the kernel's {@code max(32, 2 x cpus)} up to 16 CPUs and the
         * hash table's {@code PERCPU_COUNTER_BATCH}; larger batches fold less often (one fold per {@code batch}
         * adds of a thread, the only step that touches a line other CPUs write).
         */
        @Param({"32"})
        public long batch;

        PercpuCounter maplab;
        /**
         * maplab: owned cells, each thread adds through the claim of its CPU (a program's this_cpu_ptr with
         * preemption off); maplab-shared: shared cells, the thread passes its bound CPU; maplab-threadlocal: shared
         * cells, LogicalCpu looks the CPU up.
         */
        boolean owned;
        boolean explicitCpu;
        LongAdder adder;
        AtomicLong atomic;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB:
                    maplab = PercpuCounter.owned(cpus, 0, batch);
                    owned = true;
                    break;
                case PercpuBench.MAPLAB_SHARED:
                case PercpuBench.MAPLAB_THREADLOCAL:
                    maplab = new PercpuCounter(cpus, 0, batch);
                    explicitCpu = PercpuBench.MAPLAB_SHARED.equals(impl);
                    break;
                case PercpuBench.LONGADDER: adder = new LongAdder(); break;
                case PercpuBench.ATOMICLONG: atomic = new AtomicLong(); break;
                default: throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.MAPLAB_SHARED,
                        PercpuBench.MAPLAB_THREADLOCAL, PercpuBench.LONGADDER, PercpuBench.ATOMICLONG);
            }
        }
    }

    /** The benchmark thread's logical CPU, and its claim of it when the counter's cells are owned. */
    @State(Scope.Thread)
    public static class Cpu {
        int id;
        PercpuCounter.ClaimedCpu claim;

        @Setup(Level.Trial)
        public void setUp(Counters c, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), c.cpus);
            id = tp.getThreadIndex() % c.cpus;
            if (c.owned) {
                claim = c.maplab.claim(id); // threads <= cpus: one claim per thread's CPU
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (claim != null) {
                claim.close();
            }
        }

        @Setup(Level.Iteration)
        public void rebind(Counters c, ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), c.cpus);
        }
    }

    static void add(Counters c, Cpu cpu) {
        PercpuCounter m = c.maplab;
        if (cpu.claim != null) {
            cpu.claim.add(1);
        } else if (m != null) {
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
