package dev.maplab.lru;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The LRU cases of the kernel's {@code test_lru_map.c} (new variant, the one that matches the v6.16
 * {@code target_free}), as restated in {@code research/kernel-selftests.md} §1, written once so that the
 * production table and the mutants run the very same steps. Every step that the kernel test asserts is
 * asserted here; a failure is an {@link AssertionError} naming the case, the configuration and the step.
 *
 * <p>Harness (L-00): 8-byte keys and values; the process is pinned to the first CPU (logical CPU 0);
 * {@code ins(k)} is {@code update(k, 1234, BPF_NOEXIST)} and must return 0; syscall updates of
 * LRU_PERCPU_HASH write {@code value[0]} into CPU 0's slot and 0 into the others; prog-lookup is
 * {@link LruHashTable#programLookup} (sets the ref bit), sys-lookup {@link LruHashTable#lookup(byte[], byte[])}
 * (does not); the survivors are compared with {@code map_equal}: both ways, by get_next_key and sys-lookup,
 * on {@code value[0]}.
 */
public final class LruSelftests {
    /** The value {@code ins} writes. */
    public static final long V = 1234;
    /** The common LRU's tgt_free as the test defines it. */
    public static final int T_COMMON = 128;
    /** The per-CPU LRU's tgt_free as the test defines it. */
    public static final int T_PERCPU = 4;
    /** A fixed seed: the survivors do not depend on it, but a failure is then reproducible. */
    public static final int SEED = 0x1ee7_5eed;

    private LruSelftests() {
    }

    /** The four configurations of {@code main()}: flags {0, NO_COMMON_LRU} x types {LRU_HASH, LRU_PERCPU_HASH}. */
    public enum Config {
        LRU_HASH(MapType.LRU_HASH, false),
        LRU_PERCPU_HASH(MapType.LRU_PERCPU_HASH, false),
        LRU_HASH_NO_COMMON_LRU(MapType.LRU_HASH, true),
        LRU_PERCPU_HASH_NO_COMMON_LRU(MapType.LRU_PERCPU_HASH, true);

        public final MapType type;
        public final boolean noCommonLru;

        Config(MapType type, boolean noCommonLru) {
            this.type = type;
            this.noCommonLru = noCommonLru;
        }

        /** tgt_free of the test: 128 for common maps, 4 for NO_COMMON_LRU. */
        public int tgtFree() {
            return noCommonLru ? T_PERCPU : T_COMMON;
        }

        public boolean percpuValues() {
            return type == MapType.LRU_PERCPU_HASH;
        }
    }

    /** A case of §1 run on one configuration and CPU count. */
    public enum Case {
        L01_SANITY0("L-01 sanity0", true),
        L02_SANITY1("L-02 sanity1", false),
        L03_SANITY2("L-03 sanity2", false),
        L04_SANITY3("L-04 sanity3", false),
        L05_SANITY4("L-05 sanity4", true),
        L06_SANITY5("L-06 sanity5", false),
        L07_SANITY6("L-07 sanity6", true),
        L08_SANITY7("L-08 sanity7", true),
        L09_SANITY8("L-09 sanity8", true);

        public final String label;
        private final boolean perCpuLruToo;

        Case(String label, boolean perCpuLruToo) {
            this.label = label;
            this.perCpuLruToo = perCpuLruToo;
        }

        /** Whether {@code main()} runs this case for {@code c} (some return at once for one kind of LRU). */
        public boolean appliesTo(Config c) {
            if (this == L07_SANITY6) {
                return c.noCommonLru; // sanity6 is NO_COMMON_LRU only
            }
            return !c.noCommonLru || perCpuLruToo;
        }
    }

    /** One map under test, driven as the kernel test drives it. */
    public static final class Run {
        public final Config config;
        public final int cpus;
        public final LruHashTable map;
        private final String where;

        Run(Function<MapSpec, LruHashTable> factory, Config config, int cpus, long size, String caseName) {
            this.config = config;
            this.cpus = cpus;
            MapSpec spec = MapSpec.builder(config.type).keySize(8).valueSize(8).maxEntries(size).cpus(cpus)
                    .flags(config.noCommonLru ? MapFlags.NO_COMMON_LRU : 0).hashSeed(SEED).build();
            this.map = factory.apply(spec);
            this.where = caseName + " [" + config + ", N=" + cpus + ", max_entries " + spec.maxEntries() + "]";
        }

        AssertionError fail(String step, String what) {
            return new AssertionError(where + " " + step + ": " + what);
        }

        byte[] value(long v) {
            byte[] b = new byte[map.spec().syscallValueSize()];
            put(b, 0, v); // value[0]; for LRU_PERCPU_HASH CPU 0's slot, the others 0
            return b;
        }

        /** A syscall update; returns the result. */
        public int update(long k, long v, long flags) {
            return map.update(key(k), value(v), flags);
        }

        public void expectUpdate(String step, long k, long v, long flags, int expected) {
            int r = update(k, v, flags);
            if (r != expected) {
                throw fail(step, "update(" + k + ", " + v + ", " + flags + ") = " + Errno.describe(r) + ", expected " + Errno.describe(expected));
            }
        }

        /** {@code ins(k)}: update(k, 1234, NOEXIST) must return 0. */
        public void ins(long k) {
            expectUpdate("ins(" + k + ")", k, V, UpdateFlags.NOEXIST, 0);
        }

        public void ins(long from, long to) {
            for (long k = from; k <= to; k++) {
                ins(k);
            }
        }

        /** Syscall lookup: the result code; {@code out[0]} = value[0]. */
        public int sysLookup(long k, long[] out) {
            byte[] v = new byte[map.spec().syscallValueSize()];
            int r = map.lookup(key(k), v);
            out[0] = get(v, 0);
            return r;
        }

        public void expectSysLookupMissing(String step, long k) {
            long[] out = new long[1];
            int r = sysLookup(k, out);
            if (r != -Errno.ENOENT) {
                throw fail(step, "sys-lookup(" + k + ") = " + Errno.describe(r) + " (value " + out[0] + "), expected -ENOENT");
            }
        }

        public void expectSysLookup(String step, long k, long v) {
            long[] out = new long[1];
            int r = sysLookup(k, out);
            if (r != 0 || out[0] != v) {
                throw fail(step, "sys-lookup(" + k + ") = " + Errno.describe(r) + " value " + out[0] + ", expected " + v);
            }
        }

        /** {@code bpf_map_lookup_elem_with_ref_bit}: a program's lookup on the current CPU; sets the ref bit. */
        public int progLookup(long k, long[] out) {
            byte[] v = new byte[8];
            int r = map.programLookup(key(k), v);
            out[0] = get(v, 0);
            return r;
        }

        public void expectProgLookup(String step, long k, long v) {
            long[] out = new long[1];
            int r = progLookup(k, out);
            if (r != 0 || out[0] != v) {
                throw fail(step, "prog-lookup(" + k + ") = " + Errno.describe(r) + " value " + out[0] + ", expected " + v);
            }
        }

        public void expectProgLookupFound(String step, long k) {
            long[] out = new long[1];
            int r = progLookup(k, out);
            if (r != 0) {
                throw fail(step, "prog-lookup(" + k + ") = " + Errno.describe(r) + ", expected found");
            }
        }

        public void progLookups(String step, long from, long to, long v) {
            for (long k = from; k <= to; k++) {
                expectProgLookup(step, k, v);
            }
        }

        public void expectDelete(String step, long k, int expected) {
            int r = map.delete(key(k));
            if (r != expected) {
                throw fail(step, "delete(" + k + ") = " + Errno.describe(r) + ", expected " + Errno.describe(expected));
            }
        }

        /** {@code map_equal(lru, expected)}: both ways, by get_next_key and sys-lookup, on value[0]. */
        public void expectSurvivors(Map<Long, Long> expected) {
            TreeMap<Long, Long> actual = new TreeMap<>();
            byte[] cur = null;
            byte[] next = new byte[8];
            int r;
            while ((r = map.getNextKey(cur, next)) == 0) {
                long k = get(next, 0);
                long[] out = new long[1];
                if (sysLookup(k, out) != 0) {
                    throw fail("map_equal", "get_next_key returned " + k + " but sys-lookup does not find it");
                }
                if (actual.put(k, out[0]) != null || actual.size() > map.spec().maxEntries()) {
                    throw fail("map_equal", "get_next_key walk repeats key " + k);
                }
                cur = next.clone();
            }
            if (r != -Errno.ENOENT) {
                throw fail("map_equal", "get_next_key ended with " + Errno.describe(r));
            }
            if (!actual.equals(new TreeMap<>(expected))) {
                TreeSet<Long> missing = new TreeSet<>(expected.keySet());
                missing.removeAll(actual.keySet());
                TreeSet<Long> extra = new TreeSet<>(actual.keySet());
                extra.removeAll(expected.keySet());
                List<String> wrong = new ArrayList<>();
                for (Map.Entry<Long, Long> e : expected.entrySet()) {
                    Long a = actual.get(e.getKey());
                    if (a != null && !a.equals(e.getValue())) {
                        wrong.add(e.getKey() + "=" + a + " (expected " + e.getValue() + ")");
                    }
                }
                throw fail("map_equal", "survivors differ: missing " + ranges(missing) + ", unexpected " + ranges(extra)
                        + (wrong.isEmpty() ? "" : ", wrong values " + wrong));
            }
        }
    }

    /** Expected survivors: keys {@code from..to} with value {@code v}, added to {@code m}. */
    public static Map<Long, Long> keys(Map<Long, Long> m, long from, long to, long v) {
        for (long k = from; k <= to; k++) {
            m.put(k, v);
        }
        return m;
    }

    public static Map<Long, Long> keys(long from, long to) {
        return keys(new TreeMap<>(), from, to, V);
    }

    /** Compact text of a key set: {@code 1..64, 129}. */
    public static String ranges(java.util.SortedSet<Long> s) {
        if (s.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        Long start = null;
        Long prev = null;
        for (Long k : s) {
            if (start == null) {
                start = k;
            } else if (k != prev + 1) {
                sb.append(start.equals(prev) ? "" + start : start + ".." + prev).append(", ");
                start = k;
            }
            prev = k;
        }
        sb.append(start.equals(prev) ? "" + start : start + ".." + prev).append('}');
        return sb.toString();
    }

    static byte[] key(long k) {
        byte[] b = new byte[8];
        put(b, 0, k);
        return b;
    }

    static void put(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long get(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** {@code __map_size(t) = t * N * 2}. */
    public static long mapSize(int t, int n) {
        return (long) t * n * 2;
    }

    /** {@code __tgt_size(s) = (s / N) / 2}. */
    public static int tgtSize(int s, int n) {
        return (s / n) / 2;
    }

    // =============================================================================================
    // The cases
    // =============================================================================================

    /** Runs {@code c} on {@code config} with {@code n} CPUs, pinned to CPU 0; throws AssertionError on a mismatch. */
    public static void run(Case c, Config config, int n, Function<MapSpec, LruHashTable> factory) {
        if (!c.appliesTo(config)) {
            throw new IllegalArgumentException(c.label + " does not run on " + config);
        }
        try (LogicalCpu.Binding pinned = LogicalCpu.bind(0)) {
            switch (c) {
                case L01_SANITY0: sanity0(factory, config, n); break;
                case L02_SANITY1: sanity1(factory, config, n); break;
                case L03_SANITY2: sanity2(factory, config, n); break;
                case L04_SANITY3: sanity3(factory, config, n); break;
                case L05_SANITY4: sanity4(factory, config, n); break;
                case L06_SANITY5: sanity5(factory, config, n); break;
                case L07_SANITY6: sanity6(factory, config, n); break;
                case L08_SANITY7: sanity7(factory, config, n); break;
                case L09_SANITY8: sanity8(factory, config, n); break;
                default: throw new IllegalArgumentException("case = " + c);
            }
        }
    }

    /** L-01: size 2 (common) or 2N; survivors {3}. */
    static void sanity0(Function<MapSpec, LruHashTable> f, Config c, int n) {
        Run r = new Run(f, c, n, c.noCommonLru ? 2L * n : 2, "L-01 sanity0");
        r.ins(1);
        r.expectUpdate("step 2", 1, V, UpdateFlags.NOEXIST, -Errno.EEXIST);
        r.expectUpdate("step 3", 1, V, -1, -Errno.EINVAL);
        r.expectSysLookupMissing("step 4", 2);
        r.expectUpdate("step 5", 2, V, UpdateFlags.EXIST, -Errno.ENOENT);
        r.ins(2);
        r.expectSysLookupMissing("step 7", 3);
        r.expectProgLookup("step 8", 1, V);
        r.ins(3);
        r.expectSysLookupMissing("step 10: key 2 evicted", 2);
        byte[] out = new byte[r.map.spec().syscallValueSize()];
        int res = r.map.lookupAndDelete(key(1), out);
        if (res != 0 || get(out, 0) != V) {
            throw r.fail("step 11", "lookup_and_delete(1) = " + Errno.describe(res) + " value " + get(out, 0));
        }
        r.expectSurvivors(keys(3, 3));
    }

    /** L-02 (common only): size 256N + 64; ins 1..256N; prog-lookup 1..64; ins 256N+1..512N; survivors 1..64, 256N+1..512N. */
    static void sanity1(Function<MapSpec, LruHashTable> f, Config c, int n) {
        int t = c.tgtFree();
        long fill = mapSize(t, n);
        Run r = new Run(f, c, n, fill + t / 2, "L-02 sanity1");
        r.ins(1, fill);
        r.progLookups("prog-lookup 1..T/2", 1, t / 2, V);
        r.ins(fill + 1, 2 * fill);
        Map<Long, Long> exp = keys(1, t / 2);
        keys(exp, fill + 1, 2 * fill, V);
        r.expectSurvivors(exp);
    }

    /** L-03 (common only): the flags are checked after the node is acquired. */
    static void sanity2(Function<MapSpec, LruHashTable> f, Config c, int n) {
        int t = c.tgtFree();
        long fill = mapSize(t, n);
        Run r = new Run(f, c, n, fill + t / 2, "L-03 sanity2");
        r.ins(1, fill);
        if (c.type == MapType.LRU_HASH) {
            int res = r.update(1, V, UpdateFlags.EXIST);
            if (res == 0) {
                throw r.fail("update(1, EXIST)", "returned 0: the flags were checked before the acquisition evicted key 1");
            }
            if (res != -Errno.ENOENT) {
                throw r.fail("update(1, EXIST)", Errno.describe(res) + ", expected -ENOENT");
            }
        } else {
            r.expectUpdate("update(1, NOEXIST): key 1 evicted by the acquisition", 1, V, UpdateFlags.NOEXIST, 0);
            r.expectDelete("delete(1)", 1, 0);
        }
        for (long k = 1; k <= t / 2; k++) {
            r.expectSysLookupMissing("keys 1..T/2 evicted", k);
            r.expectUpdate("re-insert", k, 4321, UpdateFlags.NOEXIST, 0);
            r.expectProgLookup("prog-lookup of the re-inserted key", k, 4321);
        }
        r.ins(fill + 1, fill + t / 2);
        r.ins(fill + t / 2 + 1, 2 * fill + t / 2);
        Map<Long, Long> exp = keys(new TreeMap<>(), 1, t / 2, 4321);
        keys(exp, fill + t / 2 + 1, 2 * fill + t / 2, V);
        r.expectSurvivors(exp);
    }

    /**
     * L-04 (common only): size 256; batch = (128/N)/2; ins 1..256; prog-lookup 1..256-batch; ins 257..256+batch;
     * survivors 1..256-batch, 257..256+batch. Fails (at the first prog-lookup) where 256 is not a multiple of
     * the kernel's target_free, as the kernel does.
     */
    static void sanity3(Function<MapSpec, LruHashTable> f, Config c, int n) {
        int t = c.tgtFree();
        int size = 2 * t;
        int batch = tgtSize(t, n);
        Run r = new Run(f, c, n, size, "L-04 sanity3");
        r.ins(1, size);
        r.progLookups("prog-lookup 1..256-batch", 1, size - batch, V);
        r.ins(size + 1, size + batch);
        Map<Long, Long> exp = keys(1, size - batch);
        keys(exp, size + 1, size + batch, V);
        r.expectSurvivors(exp);
    }

    /** L-05 (all): deletion; survivors 1..T, 2T+1..4T. */
    static void sanity4(Function<MapSpec, LruHashTable> f, Config c, int n) {
        int t = c.tgtFree();
        long size = c.noCommonLru ? 3L * t * n : 3 * mapSize(t, n);
        Run r = new Run(f, c, n, size, "L-05 sanity4");
        r.ins(1, 2L * t);
        r.expectUpdate("update(1, NOEXIST)", 1, V, UpdateFlags.NOEXIST, -Errno.EEXIST);
        r.progLookups("prog-lookup 1..T", 1, t, V);
        for (long k = t + 1; k <= 2L * t; k++) {
            r.expectDelete("delete", k, 0);
            r.expectDelete("delete again", k, -Errno.ENOENT);
        }
        r.ins(2L * t + 1, 4L * t);
        Map<Long, Long> exp = keys(1, t);
        keys(exp, 2L * t + 1, 4L * t, V);
        r.expectSurvivors(exp);
    }

    /**
     * L-06 (common only): a 1-entry map; ins(0) on CPU 0, then on each CPU c in turn: prog-lookup(last) found,
     * ins(last+1), prog-lookup(last+1) found, sys-lookup(last) ENOENT: the resident key is always evicted,
     * referenced or not, even from another CPU's pending list (the steal path).
     */
    static void sanity5(Function<MapSpec, LruHashTable> f, Config c, int n) {
        Run r = new Run(f, c, n, 1, "L-06 sanity5");
        long last = 0;
        r.ins(last);
        for (int cpu = 0; cpu < n; cpu++) {
            try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
                String step = "on CPU " + cpu;
                // Only "found" is asserted: on CPU c a program sees CPU c's slot of a per-CPU value (0 here).
                r.expectProgLookupFound(step, last);
                r.ins(last + 1);
                r.expectProgLookupFound(step, last + 1);
                r.expectSysLookupMissing(step + ": key " + last + " evicted", last);
            }
            last++;
        }
    }

    /** L-07 (NO_COMMON_LRU only): size 8N; repeated references keep 1..4 alive; survivors 1..4, 9..12. */
    static void sanity6(Function<MapSpec, LruHashTable> f, Config c, int n) {
        int t = c.tgtFree();
        Run r = new Run(f, c, n, 2L * t * n, "L-07 sanity6");
        r.ins(1, t);
        for (long k = t + 1; k <= 2L * t; k++) {
            r.progLookups("prog-lookup 1..T", 1, t, V);
            r.ins(k);
        }
        r.ins(2L * t + 1, 3L * t);
        Map<Long, Long> exp = keys(1, t);
        keys(exp, 2L * t + 1, 3L * t, V);
        r.expectSurvivors(exp);
    }

    private static Run sanity78Preamble(Function<MapSpec, LruHashTable> f, Config c, int n, String name) {
        Run r = new Run(f, c, n, c.noCommonLru ? 2L * n : 2, name);
        r.ins(1);
        r.expectUpdate("update(1, NOEXIST)", 1, V, UpdateFlags.NOEXIST, -Errno.EEXIST);
        r.expectSysLookupMissing("sys-lookup(2)", 2);
        r.expectUpdate("update(2, EXIST)", 2, V, UpdateFlags.EXIST, -Errno.ENOENT);
        r.ins(2);
        r.expectSysLookupMissing("sys-lookup(3)", 3);
        return r;
    }

    /** L-08 (all): prog-lookup(1), sys-lookup(2), ins(3): 2 is evicted; survivors {1, 3}. */
    static void sanity7(Function<MapSpec, LruHashTable> f, Config c, int n) {
        Run r = sanity78Preamble(f, c, n, "L-08 sanity7");
        r.expectProgLookup("prog-lookup(1)", 1, V);
        r.expectSysLookup("sys-lookup(2)", 2, V);
        r.ins(3);
        r.expectSysLookupMissing("sys-lookup(2) after ins(3)", 2);
        Map<Long, Long> exp = keys(1, 1);
        keys(exp, 3, 3, V);
        r.expectSurvivors(exp);
    }

    /** L-09 (all): sys-lookup(1), prog-lookup(2), ins(3): 1 is evicted; survivors {2, 3}. */
    static void sanity8(Function<MapSpec, LruHashTable> f, Config c, int n) {
        Run r = sanity78Preamble(f, c, n, "L-09 sanity8");
        r.expectSysLookup("sys-lookup(1)", 1, V);
        r.expectProgLookup("prog-lookup(2)", 2, V);
        r.ins(3);
        r.expectSysLookupMissing("sys-lookup(1) after ins(3)", 1);
        r.expectSurvivors(keys(2, 3));
    }

    /** Every (case, configuration) pair that {@code main()} runs. */
    public static List<Object[]> matrix() {
        List<Object[]> out = new ArrayList<>();
        for (Config cfg : Config.values()) {
            for (Case c : Case.values()) {
                if (c.appliesTo(cfg)) {
                    out.add(new Object[] {c, cfg});
                }
            }
        }
        return out;
    }
}
