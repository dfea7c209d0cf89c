package dev.maplab.stacktrace.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.stacktrace.StackTraceMap;

/**
 * Mutant: with {@code BPF_F_REUSE_STACKID}, a different stack under an occupied id is written over the
 * bucket that is in the slot, instead of into a fresh element that is then swapped in. The element is
 * written while it is published: a syscall read that borrowed it (or a program comparing it) sees half
 * the old stack and half the new one, a stack that was never stored.
 */
public class InPlaceReplaceStackTraceMap extends StackTraceMap {
    public InPlaceReplaceStackTraceMap(MapSpec spec) {
        super(spec);
    }

    @Override
    protected int install(int id, int seen, int hash, long[] ips, int off, int nr) {
        if (seen != NONE) {
            fill(seen, hash, ips, off, nr); // DEFECT: rewrites the published bucket, no new element, no swap
            return id;
        }
        return super.install(id, seen, hash, ips, off, nr);
    }
}
