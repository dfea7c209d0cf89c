package dev.maplab.hash;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One traced hash-table lookup, as a JFR event ({@code dev.maplab.HashLookup}).
 *
 * <p>Committed only by {@link ChainProbe#tracedLookup}, never by {@link HashTable#lookup}: the
 * production walk carries no instrumentation, so its cost and its allocation-freedom are untouched.
 * A benchmark or a study routes some lookups through the traced walk while a recording runs, and
 * {@code ChainStudy.summariseJfr} (reports module) turns the recording into the distribution of
 * walked chain lengths, restarts and the hit ratio.
 *
 * <p>Enabled by default in any recording that does not disable it (it has no stack trace, so an event
 * costs a timestamp pair and a few bytes in the thread's buffer). {@code begin}/{@code end} bracket the
 * walk only when the event is enabled, so the duration is the walk's own latency.
 */
@Name(HashLookupEvent.NAME)
@Label("Hash Lookup")
@Category({"maplab", "Hash Table"})
@Description("A lock-free hash-table lookup walked by ChainProbe.tracedLookup: elements visited, nulls restarts, hit")
@StackTrace(false)
public final class HashLookupEvent extends Event {
    /** The event type name. */
    public static final String NAME = "dev.maplab.HashLookup";

    @Label("Walked")
    @Description("Elements visited, over all passes (a hit counts the matching element; a miss the whole chain)")
    int walked;

    @Label("Restarts")
    @Description("Nulls restarts: walks that ended on another bucket's marker and started over")
    int restarts;

    @Label("Hit")
    @Description("True when the key was found")
    boolean hit;

    @Label("Version Retries")
    @Description("Re-reads of an element whose seqlock version was odd or changed during the read")
    int seqRetries;

    @Label("Buckets")
    @Description("n_buckets of the map, to tell maps apart in one recording")
    int buckets;

    /** Only {@link ChainProbe} fills events in. */
    HashLookupEvent() {
    }
}
