package dev.maplab.hash;

/**
 * How an update of a key that is already present replaces its value: the one place where the two
 * variants of {@link HashTable} differ.
 */
public enum ReplaceProtocol {
    /**
     * The kernel's order ({@code htab_map_update_elem}): a new element is linked at the head of the
     * bucket, then the old one is unlinked ("so that a concurrent search finds the new one first").
     * Iteration order matches a real kernel map (a replaced key moves to the head of its bucket).
     * Not linearizable: a lookup already past the head when the new element is linked, and not yet at
     * the old one when it is unlinked, reports a key missing that was present throughout.
     */
    KERNEL,
    /**
     * The value is overwritten in place inside the element's seqlock; new keys still go to the head.
     * Linearizable; iteration order differs from the kernel's (a replaced key keeps its position).
     */
    LINEARIZABLE
}
