package dev.maplab.api;

import java.util.List;

/**
 * The outcome of a batch command ({@code BPF_MAP_LOOKUP_BATCH}, {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH}).
 *
 * @param result     0, or a negated errno: {@code -ENOENT} at the end of the map (entries may still have
 *                   been returned), {@code -ENOSPC} when the first unit (a hash bucket) does not fit
 * @param count      entries returned by this call (the kernel's in/out {@code count})
 * @param outBatch   the opaque cursor to pass as the next call's {@code inBatch} (a 4-byte bucket index
 *                   for hash maps, the last key for the generic implementation)
 * @param keys       the keys returned, in order
 * @param values     the values returned, in the syscall's layout (N slots for per-CPU maps)
 */
public record BatchResult(int result, int count, byte[] outBatch, List<byte[]> keys, List<byte[]> values) {
}
