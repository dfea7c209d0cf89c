package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RingBuf;

/**
 * Mutant: the space check before the 2024 fix ("bpf: Fix overrunning reservations in ringbuf"): only
 * {@code new_prod - cons > mask} fails. A well-behaved consumer never passes a BUSY record, so this
 * matters when user space writes {@code consumer_pos} ahead: then a new reservation can overlap a record
 * that is still BUSY.
 */
public class NoPendingCheckRingBuf extends RingBuf {
    public NoPendingCheckRingBuf(int size) {
        super(size);
    }

    @Override
    protected boolean hasSpace(long newProd, long cons, long pend) {
        return Long.compareUnsigned(newProd - cons, mask) <= 0; // DEFECT: pending_pos ignored
    }
}
