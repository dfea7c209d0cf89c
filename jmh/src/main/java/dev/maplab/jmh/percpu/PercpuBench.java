package dev.maplab.jmh.percpu;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.array.ArrayMap;
import dev.maplab.cpu.LogicalCpu;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the per-CPU benchmarks share: the implementation names of {@code @Param("impl")}, CPU binding, and the
 * construction of the structures and their anchors.
 *
 * <p><b>Implementations.</b> {@value #MAPLAB}: the maplab structure of the benchmark (the per-CPU counter, the
 * PERCPU_ARRAY, or the ARRAY); {@value #MAPLAB_ARRAY_ATOMIC}: a shared maplab ARRAY element updated with
 * {@code atomicAdd} (BPF's {@code __sync_fetch_and_add}); {@value #MAPLAB_HASH}: maplab's hash table (HASH,
 * kernel replace order); the anchors {@value #LONGADDER} ({@code java.util.concurrent.atomic.LongAdder}),
 * {@value #ATOMICLONG} ({@code AtomicLong}, or {@code AtomicLongArray} for arrays) and {@value #CHM}
 * ({@code ConcurrentHashMap<Long, Long>}).
 *
 * <p><b>CPUs.</b> maplab structures are built for {@code cpus} logical CPUs (a parameter where it matters);
 * every benchmark thread binds to {@code LogicalCpu.set(threadIndex % cpus)} in its trial setup, and again at
 * each iteration in case the harness hands the thread state to another worker thread. With at most
 * {@code cpus} threads, each thread has a logical CPU, and so a per-CPU slot, of its own.
 */
public final class PercpuBench {
    public static final String MAPLAB = "maplab";
    /** The per-CPU counter with shared cells (compare-and-swap), the CPU passed by the caller. */
    public static final String MAPLAB_SHARED = "maplab-shared";
    /** The per-CPU counter with the CPU looked up per add through {@code LogicalCpu} (a ThreadLocal). */
    public static final String MAPLAB_THREADLOCAL = "maplab-threadlocal";
    public static final String MAPLAB_ARRAY_ATOMIC = "maplab-array-atomic";
    public static final String MAPLAB_HASH = "maplab-hash";
    public static final String LONGADDER = "longadder";
    public static final String ATOMICLONG = "atomiclong";
    public static final String CHM = "chm";

    /** The fixed hash seed of the maplab hash maps (runs are comparable). */
    public static final int MAP_SEED = 0x6d61706c;

    private PercpuBench() {
    }

    /** Binds the calling benchmark thread to its logical CPU. */
    public static void bind(int threadIndex, int cpus) {
        LogicalCpu.set(threadIndex % cpus);
    }

    /** An unknown {@code impl}: the message names the allowed ones. */
    public static IllegalArgumentException unknown(String impl, String... allowed) {
        return new IllegalArgumentException("impl = " + impl + ": one of " + String.join(", ", allowed));
    }

    /** A map of 8-byte values with u32 keys. */
    public static ArrayMap array(MapType type, int entries, int cpus) {
        return new ArrayMap(MapSpec.builder(type).keySize(4).valueSize(8).maxEntries(entries).cpus(cpus).build());
    }

    /** Writes {@code 1 + c} into CPU {@code c}'s slot of every element of a PERCPU_ARRAY (element {@code i} of an ARRAY: {@code i}). */
    public static void fill(ArrayMap m, int cpus) {
        int previous = LogicalCpu.bound();
        try {
            for (int c = 0; c < (m.spec().type().isPerCpu() ? cpus : 1); c++) {
                LogicalCpu.set(c);
                for (int i = 0; i < m.maxEntries(); i++) {
                    int r = m.update(i, m.spec().type().isPerCpu() ? 1 + c : i, UpdateFlags.ANY);
                    if (r != 0) {
                        throw new IllegalStateException("filling " + m + ": index " + i + " gave " + r);
                    }
                }
            }
        } finally {
            if (previous >= 0) {
                LogicalCpu.set(previous);
            } else {
                LogicalCpu.unbind();
            }
        }
    }

    /**
     * A LongAdder whose cells exist, as they do after contention: {@code threads} threads increment it at once
     * until it has cells (or a second has passed). Striped64 grows its table on CAS collisions up to the
     * smallest power of two at least the number of cores, and no further.
     */
    public static LongAdder contendedLongAdder(int threads) {
        LongAdder a = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        long deadline = System.nanoTime() + 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2_000_000 && System.nanoTime() < deadline; i++) {
                    a.increment();
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return a;
    }

    /** Probe sequence length: a power of two, at least {@code entries} and 2^16. */
    public static int probeLength(int entries) {
        int n = Math.max(1 << 16, entries);
        return Integer.highestOneBit(n - 1) << 1;
    }

    /** {@code length} uniformly random indices in {@code [0, range)}, fixed by {@code seed}. */
    public static int[] indices(long seed, int length, int range) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] idx = new int[length];
        for (int i = 0; i < length; i++) {
            idx[i] = r.nextInt(range);
        }
        return idx;
    }

    /** A per-thread seed: stable across runs, different per thread and per use. */
    public static long seed(int threadIndex, long salt) {
        return 0x5eedL * 1_000_003L + threadIndex * 7919L + salt;
    }
}
