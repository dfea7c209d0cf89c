package dev.maplab.queue.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.queue.QueueMap;

/**
 * Mutant: the queue's full check is off by one. It compares the element count with {@code size}
 * ({@code max_entries + 1}) instead of {@code max_entries}, so a queue holding max_entries elements
 * takes one more: the push writes into the one slot that must stay free, {@code head} catches up with
 * {@code tail}, and the buffer reads as empty. The push that should give {@code -E2BIG} succeeds, a
 * {@code BPF_EXIST} push into a full queue no longer drops the oldest element, and the next pop finds
 * nothing: max_entries + 1 elements are lost.
 */
public class FullOffByOneQueueMap extends QueueMap {
    public FullOffByOneQueueMap(MapSpec spec) {
        super(spec);
    }

    @Override
    protected boolean isFull() {
        return countLocked() == size; // DEFECT: never true; must be countLocked() == size - 1
    }
}
