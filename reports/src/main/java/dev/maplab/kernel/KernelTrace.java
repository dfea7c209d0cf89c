package dev.maplab.kernel;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs a replay trace (DESIGN.md, "Replay traces") on any {@link BpfMap}, in particular a {@link KernelMap},
 * and gives one result line per operation in the replay's format: {@code 0}, a value, {@code v0,v1,...} for
 * the syscall value of a per-CPU map, or a negated errno name.
 *
 * <p>This is the kernel side of {@link DiffKernel}; the maplab side is {@code dev.maplab.replay.TraceReplayer}.
 * The two are written apart on purpose, so the comparison also checks the replayer's reading of the format.
 * Lines are trusted (the generator wrote them): a malformed line is an {@link IllegalArgumentException}.
 *
 * <p>{@code cpu N} binds the thread to logical CPU N, which {@link KernelMap} turns into
 * {@code sched_setaffinity}; the trace starts on CPU 0, and the thread's binding and affinity are restored
 * at the end.
 */
public final class KernelTrace {
    private KernelTrace() {
    }

    /** Runs {@code lines} (comments and blank lines skipped) on {@code map}; one result per operation. */
    public static List<String> run(BpfMap map, List<String> lines) {
        MapSpec spec = map.spec();
        List<String> out = new ArrayList<>();
        LogicalCpu.Binding previous = LogicalCpu.bind(0);
        try {
            for (String raw : lines) {
                int hash = raw.indexOf('#');
                String text = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
                if (!text.isEmpty()) {
                    out.add(step(map, spec, text.split("\\s+")));
                }
            }
        } finally {
            previous.close();
            KernelMap.unpin();
        }
        return out;
    }

    private static String step(BpfMap map, MapSpec spec, String[] t) {
        boolean percpu = spec.type().isPerCpu();
        int slot = percpu ? MapSpec.roundUp8(spec.valueSize()) : spec.valueSize();
        switch (t[0].toLowerCase(Locale.ROOT)) {
            case "cpu":
                LogicalCpu.set(Integer.parseInt(t[1]));
                return "0";
            case "update": {
                byte[] v = new byte[spec.syscallValueSize()];
                int off = percpu ? LogicalCpu.current(spec.cpus()) * slot : 0;
                put(Long.parseUnsignedLong(t[2]), v, off, slot);
                return Errno.describe(map.update(key(t[1], spec), v, t.length > 3 ? flags(t[3]) : 0));
            }
            case "lookup": {
                byte[] out = new byte[spec.syscallValueSize()];
                int r = map.lookup(key(t[1], spec), out);
                return r < 0 ? Errno.describe(r) : syscallValue(out, spec);
            }
            case "prog_lookup": {
                byte[] out = new byte[slot];
                int r = map.programLookup(key(t[1], spec), out);
                return r < 0 ? Errno.describe(r) : Long.toUnsignedString(get(out, 0, slot));
            }
            case "delete":
                return Errno.describe(map.delete(key(t[1], spec)));
            case "lookup_and_delete": {
                byte[] out = new byte[spec.syscallValueSize()];
                int r = map.lookupAndDelete(key(t[1], spec), out);
                return r < 0 ? Errno.describe(r) : syscallValue(out, spec);
            }
            case "next_key": {
                byte[] next = new byte[spec.keySize()];
                int r = map.getNextKey(t.length > 1 ? key(t[1], spec) : null, next);
                return r < 0 ? Errno.describe(r) : Long.toUnsignedString(get(next, 0, next.length));
            }
            case "push": {
                byte[] v = new byte[spec.valueSize()];
                put(Long.parseUnsignedLong(t[1]), v, 0, v.length);
                return Errno.describe(map.push(v, t.length > 2 ? flags(t[2]) : 0));
            }
            case "pop":
            case "peek": {
                byte[] out = new byte[spec.valueSize()];
                int r = t[0].equals("pop") ? map.pop(out) : map.peek(out);
                return r < 0 ? Errno.describe(r) : Long.toUnsignedString(get(out, 0, out.length));
            }
            case "keys":
                return keys(map, spec);
            default:
                throw new IllegalArgumentException("unknown trace operation '" + t[0] + "'");
        }
    }

    /** Every present key, ascending (unsigned), by a get_next_key walk from the start. */
    static String keys(BpfMap map, MapSpec spec) {
        TreeSet<Long> keys = new TreeSet<>(Long::compareUnsigned);
        byte[] cur = null;
        byte[] next = new byte[spec.keySize()];
        long limit = (long) spec.maxEntries() + 1;
        for (long steps = 0; map.getNextKey(cur, next) == 0; steps++) {
            if (steps >= limit) {
                throw new IllegalStateException("keys: get_next_key did not end after " + limit + " keys on " + map);
            }
            keys.add(get(next, 0, next.length));
            cur = next.clone();
        }
        return keys.stream().map(Long::toUnsignedString).collect(Collectors.joining(" "));
    }

    static long flags(String s) {
        switch (s) {
            case "ANY":
                return UpdateFlags.ANY;
            case "NOEXIST":
                return UpdateFlags.NOEXIST;
            case "EXIST":
                return UpdateFlags.EXIST;
            default:
                return Long.parseUnsignedLong(s);
        }
    }

    private static byte[] key(String token, MapSpec spec) {
        long k = Long.parseUnsignedLong(token);
        if (spec.keySize() == 0) {
            if (k != 0) {
                throw new IllegalArgumentException("key " + token + " on a map with key size 0");
            }
            return null;
        }
        byte[] b = new byte[spec.keySize()];
        put(k, b, 0, b.length);
        return b;
    }

    private static String syscallValue(byte[] b, MapSpec spec) {
        if (!spec.type().isPerCpu()) {
            return Long.toUnsignedString(get(b, 0, b.length));
        }
        int slot = MapSpec.roundUp8(spec.valueSize());
        StringJoiner j = new StringJoiner(",");
        for (int c = 0; c < spec.cpus(); c++) {
            j.add(Long.toUnsignedString(get(b, c * slot, slot)));
        }
        return j.toString();
    }

    static void put(long v, byte[] b, int off, int size) {
        for (int i = 0; i < Math.min(8, size); i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long get(byte[] b, int off, int size) {
        long v = 0;
        for (int i = Math.min(8, size) - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }
}
