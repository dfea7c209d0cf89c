package dev.maplab.cpu;

import dev.maplab.api.Errors;

/**
 * The logical-CPU model: every thread runs "on" one logical CPU id at a time.
 *
 * <p><b>What it stands in for.</b> A BPF program runs with preemption (or migration) disabled, so
 * for its whole run it owns "this CPU": {@code smp_processor_id()} is stable, and per-CPU data
 * (a per-CPU value slot, the CPU's freelist head, its spare hash element, its LRU local lists) is
 * touched by nobody else except an interrupting context (NMI, a nested program). Java has no CPU
 * ids and cannot disable preemption, so maplab gives each thread a logical CPU id instead:
 * explicitly with {@link #bind(int)} (tests, benchmarks and replay bind their threads), or, for a
 * thread that never bound, a stable id drawn round-robin on first use.
 *
 * <p><b>What is safe when two threads share an id.</b> The structures never rely on the id for
 * mutual exclusion: every per-CPU structure that the kernel protects by "preemption off" is, in
 * maplab, protected by its own lock or an atomic instruction as well (the per-CPU freelist heads
 * have the kernel's per-CPU locks; the spare element is taken and returned with atomic swaps). Two
 * threads on one id therefore never corrupt a structure; they only contend as an interrupting
 * context would. What is <em>not</em> protected is the per-CPU <em>value</em>: two threads writing the
 * same CPU's slot of a per-CPU value race exactly as two unsynchronised writers would (the last
 * writer wins for each 8-byte word), which is the kernel's situation with an NMI program writing
 * the slot of the program it interrupted.
 *
 * <p>A map is built for a number of CPUs ({@code MapSpec.cpus()}); {@link #current(int)} checks the
 * thread's id against it, so a thread bound to CPU 5 cannot silently use a 2-CPU map.
 */
public final class LogicalCpu {
    private static final int UNBOUND = -1;

    private static final class Slot {
        int bound = UNBOUND;
        final int automatic;

        Slot(int automatic) {
            this.automatic = automatic;
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_AUTOMATIC = new java.util.concurrent.atomic.AtomicInteger();
    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(() -> new Slot(NEXT_AUTOMATIC.getAndIncrement() & 0x7fff_ffff));

    private LogicalCpu() {
    }

    /** Binds the calling thread to logical CPU {@code cpu} until the returned handle is closed (then the previous binding returns). */
    public static Binding bind(int cpu) {
        if (cpu < 0) {
            throw Errors.badArgument("cpu", cpu, "must be a logical CPU id >= 0");
        }
        Slot slot = SLOT.get();
        int previous = slot.bound;
        slot.bound = cpu;
        return new Binding(slot, previous);
    }

    /** Binds the calling thread to {@code cpu} for good (no handle). */
    public static void set(int cpu) {
        if (cpu < 0) {
            throw Errors.badArgument("cpu", cpu, "must be a logical CPU id >= 0");
        }
        SLOT.get().bound = cpu;
    }

    /** Removes the calling thread's explicit binding. */
    public static void unbind() {
        SLOT.get().bound = UNBOUND;
    }

    /**
     * The calling thread's CPU id for a structure built for {@code cpus} CPUs: the bound id (which
     * must be below {@code cpus}), or for an unbound thread its automatic id modulo {@code cpus}.
     */
    public static int current(int cpus) {
        Slot slot = SLOT.get();
        int b = slot.bound;
        if (b == UNBOUND) {
            return slot.automatic % cpus;
        }
        if (b >= cpus) {
            throw new IllegalStateException("thread bound to logical cpu " + b + " uses a structure built for "
                    + cpus + " cpus (allowed ids 0.." + (cpus - 1) + ")");
        }
        return b;
    }

    /** The explicitly bound id of the calling thread, or -1. */
    public static int bound() {
        return SLOT.get().bound;
    }

    /** Restores the previous binding when closed. */
    public static final class Binding implements AutoCloseable {
        private final Slot slot;
        private final int previous;

        Binding(Slot slot, int previous) {
            this.slot = slot;
            this.previous = previous;
        }

        @Override
        public void close() {
            slot.bound = previous;
        }
    }
}
