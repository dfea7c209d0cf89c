package dev.maplab.replay;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Replays a trace of map operations (DESIGN.md, "Replay traces") and gives one result line per
 * operation: what the kernel's syscall returns ({@code 0}, a value, or {@code -ENOENT} etc.).
 *
 * <p>The whole trace is read and checked before the first operation runs, so a bad line (unknown
 * operation, wrong argument count, a number that is not an unsigned 64-bit decimal, a CPU the map does
 * not have) raises a {@link TraceException} naming the line, and no result is produced.
 *
 * <p>Every map is used through {@link BpfMap} only (the syscall-style byte API), so a type added to
 * {@link ReplayMaps} needs nothing here. Keys are encoded little-endian into the map's key size and
 * values into its value size (8 bytes for the types replay builds today).
 *
 * <p>Per-CPU maps ({@code MapType.isPerCpu()}): {@code update K V} is a syscall update whose value array
 * has V in the current CPU's slot and 0 in every other slot; {@code lookup} and {@code lookup_and_delete}
 * print every CPU's value as {@code v0,v1,...}; {@code prog_lookup} prints the current CPU's value, which
 * is what a program sees. {@code cpu N} binds the replaying thread to logical CPU N ({@link LogicalCpu});
 * the trace starts on CPU 0, and the thread's previous binding is restored at the end.
 */
public final class TraceReplayer {
    private TraceReplayer() {
    }

    private enum Kind {
        CPU("cpu N", 1, 1),
        UPDATE("update K V [ANY|NOEXIST|EXIST|<number>]", 2, 3),
        LOOKUP("lookup K", 1, 1),
        PROG_LOOKUP("prog_lookup K", 1, 1),
        DELETE("delete K", 1, 1),
        LOOKUP_AND_DELETE("lookup_and_delete K", 1, 1),
        NEXT_KEY("next_key [K]", 0, 1),
        PUSH("push V [ANY|EXIST|<number>]", 1, 2),
        POP("pop", 0, 0),
        PEEK("peek", 0, 0),
        KEYS("keys", 0, 0);

        final String syntax;
        final int minArgs;
        final int maxArgs;

        Kind(String syntax, int minArgs, int maxArgs) {
            this.syntax = syntax;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String word) {
            for (Kind k : values()) {
                if (k.word().equals(word)) {
                    return k;
                }
            }
            return null;
        }

        static String all() {
            return Arrays.stream(values()).map(Kind::word).collect(Collectors.joining(", "));
        }
    }

    /**
     * One checked operation: {@code key} is the encoded key (null for next_key without one), {@code value}
     * the numeric V, {@code flags} the update/push flags, {@code cpu} the CPU of a {@code cpu} line.
     */
    private record Op(Kind kind, byte[] key, long value, long flags, int cpu) {
    }

    /** Replays {@code trace} against a fresh map built from {@code options}; returns one result line per operation. */
    public static List<String> replay(Reader trace, ReplayOptions options) {
        List<String> out = new ArrayList<>();
        replay(trace, options, out::add);
        return out;
    }

    /**
     * Replays {@code trace}, handing each result line to {@code sink} as it is produced.
     *
     * @throws TraceException           for a bad line (raised before any operation has run)
     * @throws IllegalArgumentException for options the map type rejects, or a type not implemented yet
     * @throws UncheckedIOException     when the trace cannot be read
     */
    public static void replay(Reader trace, ReplayOptions options, Consumer<String> sink) {
        // The map is built on CPU 0 too (HASH takes its per-CPU spare elements from the creator's CPU), and
        // before the trace is read, so that a type or option the map refuses is reported at once.
        LogicalCpu.Binding previous = LogicalCpu.bind(0);
        try {
            BpfMap map = ReplayMaps.create(options);
            List<Op> ops = parse(readLines(trace), map.spec());
            Session session = new Session(map);
            for (Op op : ops) {
                sink.accept(session.run(op));
            }
        } finally {
            previous.close(); // the thread's binding before the replay
        }
    }

    private static List<String> readLines(Reader trace) {
        BufferedReader r = trace instanceof BufferedReader b ? b : new BufferedReader(trace);
        List<String> lines = new ArrayList<>();
        try {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace: " + e.getMessage(), e);
        }
        return lines;
    }

    // =============================================================================================
    // Parsing and checking
    // =============================================================================================

    private static List<Op> parse(List<String> lines, MapSpec spec) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int comment = raw.indexOf('#');
            String text = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (!text.isEmpty()) {
                ops.add(parseLine(i + 1, raw, text.split("\\s+"), spec));
            }
        }
        return ops;
    }

    private static Op parseLine(int lineNo, String raw, String[] t, MapSpec spec) {
        Kind kind = Kind.of(t[0]);
        if (kind == null) {
            throw new TraceException(lineNo, raw, "unknown operation '" + t[0] + "'; expected one of " + Kind.all());
        }
        int args = t.length - 1;
        if (args < kind.minArgs || args > kind.maxArgs) {
            throw new TraceException(lineNo, raw, kind.word() + " takes " + describeArity(kind) + ", got " + args
                    + " (syntax: " + kind.syntax + ")");
        }
        switch (kind) {
            case CPU: {
                long cpu = number(lineNo, raw, t[1], "CPU");
                if (Long.compareUnsigned(cpu, spec.cpus()) >= 0) {
                    throw new TraceException(lineNo, raw, "the map is built for " + spec.cpus() + " CPUs (ids 0.."
                            + (spec.cpus() - 1) + "; set --cpus)");
                }
                return new Op(kind, null, 0, 0, (int) cpu);
            }
            case UPDATE:
                return new Op(kind, key(lineNo, raw, t[1], spec), value(lineNo, raw, t[2], spec),
                        args == 3 ? flags(lineNo, raw, t[3]) : UpdateFlags.ANY, 0);
            case LOOKUP:
            case PROG_LOOKUP:
            case DELETE:
            case LOOKUP_AND_DELETE:
                return new Op(kind, key(lineNo, raw, t[1], spec), 0, 0, 0);
            case NEXT_KEY:
                return new Op(kind, args == 1 ? key(lineNo, raw, t[1], spec) : null, 0, 0, 0);
            case PUSH:
                return new Op(kind, null, value(lineNo, raw, t[1], spec),
                        args == 2 ? flags(lineNo, raw, t[2]) : UpdateFlags.ANY, 0);
            default:
                return new Op(kind, null, 0, 0, 0);
        }
    }

    private static String describeArity(Kind k) {
        if (k.minArgs == k.maxArgs) {
            return k.minArgs == 0 ? "no argument" : k.minArgs == 1 ? "1 argument" : k.minArgs + " arguments";
        }
        return k.minArgs + " to " + k.maxArgs + " arguments";
    }

    /** An unsigned 64-bit decimal. */
    private static long number(int lineNo, String raw, String token, String what) {
        if (token.isEmpty() || !Character.isDigit(token.charAt(0))) {
            throw new TraceException(lineNo, raw, what + " '" + token + "' is not an unsigned decimal integer");
        }
        try {
            return Long.parseUnsignedLong(token);
        } catch (NumberFormatException e) {
            throw new TraceException(lineNo, raw, what + " '" + token
                    + "' is not an unsigned 64-bit decimal integer (0.." + Long.toUnsignedString(-1L) + ")");
        }
    }

    private static byte[] key(int lineNo, String raw, String token, MapSpec spec) {
        long k = number(lineNo, raw, token, "key");
        if (!fits(k, spec.keySize())) {
            throw new TraceException(lineNo, raw, "key " + token + " does not fit the map's " + spec.keySize() + "-byte key");
        }
        return littleEndian(k, spec.keySize());
    }

    private static long value(int lineNo, String raw, String token, MapSpec spec) {
        long v = number(lineNo, raw, token, "value");
        if (!fits(v, spec.valueSize())) {
            throw new TraceException(lineNo, raw, "value " + token + " does not fit the map's " + spec.valueSize()
                    + "-byte value");
        }
        return v;
    }

    private static long flags(int lineNo, String raw, String token) {
        try {
            return UpdateFlags.parse(token);
        } catch (IllegalArgumentException e) {
            try {
                return Long.parseUnsignedLong(token); // 2^63..2^64-1: the bit patterns of negative flags
            } catch (NumberFormatException ignored) {
                throw new TraceException(lineNo, raw, "flags '" + token + "': allowed are ANY, NOEXIST, EXIST or a number");
            }
        }
    }

    private static boolean fits(long v, int bytes) {
        return bytes >= 8 || (bytes > 0 && (v >>> (8 * bytes)) == 0) || (bytes == 0 && v == 0);
    }

    static byte[] littleEndian(long v, int size) {
        byte[] b = new byte[size];
        putLittleEndian(v, b, 0, size);
        return b;
    }

    private static void putLittleEndian(long v, byte[] b, int off, int size) {
        for (int i = 0; i < Math.min(8, size); i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long getLittleEndian(byte[] b, int off, int size) {
        long v = 0;
        for (int i = Math.min(8, size) - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    // =============================================================================================
    // Running
    // =============================================================================================

    /** The map and the byte layouts of its syscall and program views. */
    private static final class Session {
        final BpfMap map;
        final MapSpec spec;
        final boolean percpu;
        /** Per-CPU slot stride ({@code round_up(value_size, 8)}), or the value size. */
        final int slot;

        Session(BpfMap map) {
            this.map = map;
            this.spec = map.spec();
            this.percpu = spec.type().isPerCpu();
            this.slot = percpu ? MapSpec.roundUp8(spec.valueSize()) : spec.valueSize();
        }

        String run(Op op) {
            switch (op.kind) {
                case CPU:
                    LogicalCpu.set(op.cpu);
                    return "0";
                case UPDATE:
                    return Errno.describe(map.update(op.key, syscallValue(op.value), op.flags));
                case LOOKUP: {
                    byte[] out = new byte[spec.syscallValueSize()];
                    int r = map.lookup(op.key, out);
                    return r < 0 ? Errno.describe(r) : syscallValueText(out);
                }
                case PROG_LOOKUP: {
                    byte[] out = new byte[slot];
                    int r = map.programLookup(op.key, out);
                    return r < 0 ? Errno.describe(r) : Long.toUnsignedString(getLittleEndian(out, 0, slot));
                }
                case DELETE:
                    return Errno.describe(map.delete(op.key));
                case LOOKUP_AND_DELETE: {
                    byte[] out = new byte[spec.syscallValueSize()];
                    int r = map.lookupAndDelete(op.key, out);
                    return r < 0 ? Errno.describe(r) : syscallValueText(out);
                }
                case NEXT_KEY: {
                    byte[] next = new byte[spec.keySize()];
                    int r = map.getNextKey(op.key, next);
                    return r < 0 ? Errno.describe(r) : Long.toUnsignedString(getLittleEndian(next, 0, next.length));
                }
                case PUSH:
                    return Errno.describe(map.push(littleEndian(op.value, spec.valueSize()), op.flags));
                case POP:
                case PEEK: {
                    byte[] out = new byte[spec.valueSize()];
                    int r = op.kind == Kind.POP ? map.pop(out) : map.peek(out);
                    return r < 0 ? Errno.describe(r) : Long.toUnsignedString(getLittleEndian(out, 0, out.length));
                }
                case KEYS:
                    return keys();
                default:
                    throw new AssertionError(op.kind);
            }
        }

        /** The syscall value of an update: V, or for a per-CPU map V in the current CPU's slot and 0 elsewhere. */
        private byte[] syscallValue(long v) {
            byte[] b = new byte[spec.syscallValueSize()];
            int off = percpu ? LogicalCpu.current(spec.cpus()) * slot : 0;
            putLittleEndian(v, b, off, slot);
            return b;
        }

        private String syscallValueText(byte[] b) {
            if (!percpu) {
                return Long.toUnsignedString(getLittleEndian(b, 0, b.length));
            }
            StringJoiner j = new StringJoiner(",");
            for (int c = 0; c < spec.cpus(); c++) {
                j.add(Long.toUnsignedString(getLittleEndian(b, c * slot, slot)));
            }
            return j.toString();
        }

        /** Every present key, ascending (unsigned), walked with get_next_key from the start. */
        private String keys() {
            TreeSet<Long> keys = new TreeSet<>(Long::compareUnsigned);
            byte[] cur = null;
            byte[] next = new byte[spec.keySize()];
            // A map holds at most max_entries keys; a longer walk means the map's iteration is broken.
            long limit = (long) spec.maxEntries() + 1;
            for (long steps = 0; map.getNextKey(cur, next) == 0; steps++) {
                if (steps >= limit) {
                    throw new IllegalStateException("keys: get_next_key did not end after " + limit + " keys on " + map);
                }
                keys.add(getLittleEndian(next, 0, next.length));
                cur = next.clone();
            }
            return keys.stream().map(Long::toUnsignedString).collect(Collectors.joining(" "));
        }
    }
}
