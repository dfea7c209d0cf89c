package dev.maplab.hash;

import dev.maplab.api.Errors;
import java.lang.invoke.VarHandle;

/**
 * Looks inside a {@link HashTable}'s chains for studies, tests and profiling, without touching the
 * table's own code paths.
 *
 * <p>Two kinds of tools:
 * <ul>
 *   <li><b>Quiescent snapshots</b> ({@link #chainLengths}, {@link #snapshot}, {@link #positionOf},
 *       {@link #chainKeys}): one pass over all buckets with plain reads and no bucket locks. They are
 *       exact only while no thread writes the map (a study fills a map, then looks); on a live map they
 *       may see a chain mid-update. A walk longer than the arena (a cycle, impossible when quiescent)
 *       is reported as an {@link IllegalStateException} rather than looping.</li>
 *   <li><b>The traced lookup</b> ({@link #tracedLookup}): the lock-free walk of
 *       {@link HashTable#findElement} step for step (same acquire loads, same seqlock validation, same
 *       nulls check through the table's own {@link HashTable#mustRestart}), plus counters of the
 *       elements visited, the nulls restarts and the version re-reads, and a {@link HashLookupEvent}
 *       committed when a JFR recording has it enabled. {@link HashTable#lookup} stays as it is:
 *       instrumentation lives here only.</li>
 * </ul>
 * Positions are 1-based and counted from the bucket head, i.e. newest first: a key inserted last into
 * its bucket is at position 1. A successful lookup of the key at position p visits p elements; an
 * unsuccessful one visits the whole chain.
 */
public final class ChainProbe {
    private static final long HIT_BIT = Long.MIN_VALUE;
    private static final long MAX_FIELD = 0x7fff_ffffL;

    private ChainProbe() {
    }

    // =============================================================================================
    // Quiescent snapshots
    // =============================================================================================

    /** The chain length of every bucket (index = bucket), in one pass. Quiescent maps only. */
    public static int[] chainLengths(HashTable t) {
        int[] lengths = new int[t.nBuckets];
        chainLengths(t, lengths);
        return lengths;
    }

    /**
     * Writes the chain length of bucket {@code b} into {@code lengths[b]} for every bucket and returns the
     * number of linked elements. {@code lengths} must hold at least {@link HashTable#nBuckets()} ints;
     * reusing one array across snapshots of a growing map allocates nothing. Quiescent maps only.
     */
    public static long chainLengths(HashTable t, int[] lengths) {
        if (lengths.length < t.nBuckets) {
            throw Errors.badArgument("lengths.length", lengths.length, "must be at least n_buckets = " + t.nBuckets);
        }
        final ElementArena a = t.arena;
        final int limit = a.elements;
        long total = 0;
        for (int b = 0; b < t.nBuckets; b++) {
            int n = 0;
            for (int e = t.lpHead(b); !NullsMarker.isNulls(e); e = a.lpNext(e)) {
                if (++n > limit) {
                    throw new IllegalStateException("bucket " + b + ": chain longer than the arena (" + limit
                            + " elements): the map is being written, or a chain is cyclic");
                }
            }
            lengths[b] = n;
            total += n;
        }
        return total;
    }

    /** Chain-length figures of a whole map, from one pass over its buckets. Quiescent maps only. */
    public static Snapshot snapshot(HashTable t) {
        return Snapshot.of(chainLengths(t));
    }

    /**
     * The 1-based position of an 8-byte key in its bucket's chain, newest first, or 0 when the key is not
     * linked: the number of elements a successful lookup of it visits. Quiescent maps only.
     */
    public static int positionOf(HashTable t, long key) {
        requireLongs(t);
        int h = JHash.htabHash64(key, t.seed);
        int b = h & t.mask;
        final ElementArena a = t.arena;
        int p = 0;
        for (int e = t.lpHead(b); !NullsMarker.isNulls(e); e = a.lpNext(e)) {
            p++;
            if (a.lpHash(e) == h && a.word(a.keyOffset(e)) == key) {
                return p;
            }
            if (p > a.elements) {
                throw new IllegalStateException("bucket " + b + ": chain longer than the arena");
            }
        }
        return 0;
    }

    /** The first key word of every element of bucket {@code b}'s chain, newest first. Quiescent maps only. */
    public static long[] chainKeys(HashTable t, int b) {
        if (b < 0 || b >= t.nBuckets) {
            throw Errors.badArgument("bucket", b, "must be in [0, " + t.nBuckets + ")");
        }
        final ElementArena a = t.arena;
        int n = 0;
        for (int e = t.lpHead(b); !NullsMarker.isNulls(e); e = a.lpNext(e)) {
            if (++n > a.elements) {
                throw new IllegalStateException("bucket " + b + ": chain longer than the arena");
            }
        }
        long[] keys = new long[n];
        int i = 0;
        for (int e = t.lpHead(b); !NullsMarker.isNulls(e); e = a.lpNext(e)) {
            keys[i++] = a.word(a.keyOffset(e));
        }
        return keys;
    }

    /**
     * Chain-length figures of one map: the histogram of chain lengths and the exact lookup costs that
     * follow from it.
     *
     * <p>Because a chain of length L holds its keys at positions 1..L, the mean successful-lookup cost
     * over all present keys is {@code sum over buckets of L(L+1)/2, divided by the number of keys},
     * whatever the order inside each chain; the mean unsuccessful cost for a miss that lands on a
     * uniformly chosen bucket is the mean chain length over all buckets (the load).
     */
    public static final class Snapshot {
        private final int nBuckets;
        private final long elements;
        private final int maxChain;
        private final long[] histogram;
        private final long sumPositions;

        private Snapshot(int nBuckets, long elements, int maxChain, long[] histogram, long sumPositions) {
            this.nBuckets = nBuckets;
            this.elements = elements;
            this.maxChain = maxChain;
            this.histogram = histogram;
            this.sumPositions = sumPositions;
        }

        /** Figures of the chain lengths {@code lengths[b]} of buckets {@code 0..lengths.length-1} (not kept). */
        public static Snapshot of(int[] lengths) {
            return of(lengths, lengths.length);
        }

        /** Figures of the chain lengths of buckets {@code 0..nBuckets-1} (a reused, longer array is fine; not kept). */
        public static Snapshot of(int[] lengths, int nBuckets) {
            if (nBuckets < 1 || nBuckets > lengths.length) {
                throw Errors.badArgument("nBuckets", nBuckets, "must be in [1, lengths.length = " + lengths.length + "]");
            }
            int max = 0;
            long elements = 0;
            long sumPositions = 0;
            for (int b = 0; b < nBuckets; b++) {
                int l = lengths[b];
                if (l < 0) {
                    throw Errors.badArgument("lengths[" + b + "]", l, "chain lengths are >= 0");
                }
                max = Math.max(max, l);
                elements += l;
                sumPositions += (long) l * (l + 1) / 2;
            }
            long[] histogram = new long[max + 1];
            for (int b = 0; b < nBuckets; b++) {
                histogram[lengths[b]]++;
            }
            return new Snapshot(nBuckets, elements, max, histogram, sumPositions);
        }

        public int nBuckets() {
            return nBuckets;
        }

        /** Linked elements (keys present). */
        public long elements() {
            return elements;
        }

        /** Elements per bucket. */
        public double load() {
            return (double) elements / nBuckets;
        }

        public int maxChain() {
            return maxChain;
        }

        /** {@code histogram()[k]}: buckets whose chain holds k elements; length {@code maxChain() + 1}. */
        public long[] histogram() {
            return histogram.clone();
        }

        /** Buckets whose chain holds {@code k} elements (0 beyond the longest chain). */
        public long buckets(int k) {
            return k >= 0 && k < histogram.length ? histogram[k] : 0;
        }

        /** Keys at position {@code p} (1-based) of their chain: the buckets whose chain is at least p long. */
        public long keysAtPosition(int p) {
            long n = 0;
            for (int k = Math.max(p, 1); k < histogram.length; k++) {
                n += histogram[k];
            }
            return n;
        }

        /** Mean chain length over non-empty buckets (NaN for an empty map). */
        public double meanNonEmpty() {
            long nonEmpty = nBuckets - histogram[0];
            return nonEmpty == 0 ? Double.NaN : (double) elements / nonEmpty;
        }

        /** Sum over present keys of their 1-based position. */
        public long sumPositions() {
            return sumPositions;
        }

        /** Mean elements visited by a successful lookup of a present key chosen uniformly (NaN when empty). */
        public double successful() {
            return elements == 0 ? Double.NaN : (double) sumPositions / elements;
        }

        /** Mean elements visited by an unsuccessful lookup landing on a uniformly chosen bucket: the load. */
        public double unsuccessful() {
            return load();
        }
    }

    // =============================================================================================
    // The traced lookup
    // =============================================================================================

    /**
     * A lock-free lookup of an 8-byte key that walks exactly like {@link HashTable#lookup(long, long)}
     * and reports what the walk did, packed into one {@code long} (no allocation for the result):
     * {@link #walked}, {@link #restarts}, {@link #hit}. When a JFR recording has {@link HashLookupEvent}
     * enabled, the walk is timed and one event is committed.
     *
     * <p>Counting: an element is counted once per pass when its validated read completes (a re-read
     * after a seqlock change counts as a version retry, not as another element). A miss therefore visits
     * the whole chain, a hit the matching element's position; a nulls restart adds the next pass's
     * elements.
     */
    public static long tracedLookup(HashTable t, long key) {
        requireLongs(t);
        HashLookupEvent ev = new HashLookupEvent();
        boolean recording = ev.isEnabled();
        if (recording) {
            ev.begin();
        }
        final ElementArena a = t.arena;
        final int h = JHash.htabHash64(key, t.seed);
        final int b = h & t.mask;
        int walked = 0;
        int restarts = 0;
        int retries = 0;
        boolean hit = false;
        lookup:
        for (;;) {
            long found = HashTable.NOT_FOUND;
            walk:
            for (;;) {
                int cur = t.lvHead(b);
                while (!NullsMarker.isNulls(cur)) {
                    long s = a.lvSeq(cur);
                    if ((s & 1) != 0) {
                        retries++;
                        Thread.onSpinWait();
                        continue;
                    }
                    long link = a.lvLink(cur);
                    boolean match = ElementArena.hash(link) == h && a.word(a.keyOffset(cur)) == key;
                    VarHandle.loadLoadFence(); // as findElement: the reads above complete before the re-check
                    if (a.lpSeq(cur) != s) {
                        retries++;
                        continue;
                    }
                    walked++;
                    if (match) {
                        found = HashTable.pack(s, cur);
                        break walk;
                    }
                    cur = ElementArena.next(link);
                }
                if (t.mustRestart(cur, b)) {
                    restarts++;
                    continue walk;
                }
                break;
            }
            if (found == HashTable.NOT_FOUND) {
                break;
            }
            int e = (int) found;
            // lookup() copies the value word here (it shares the key's cache line); the trace has no use for
            // it, so only the validation that follows the copy is kept.
            if (t.stillValid(e, found)) {
                hit = true;
                break lookup;
            }
            retries++; // the element was rewritten while its value was copied: look again, as lookup() does
        }
        if (recording) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.walked = walked;
                ev.restarts = restarts;
                ev.hit = hit;
                ev.seqRetries = retries;
                ev.buckets = t.nBuckets;
                ev.commit();
            }
        }
        return pack(walked, restarts, hit);
    }

    static long pack(int walked, int restarts, boolean hit) {
        return (hit ? HIT_BIT : 0) | (((long) restarts & MAX_FIELD) << 32) | ((long) walked & MAX_FIELD);
    }

    /** Elements visited by the traced lookup that returned {@code trace}. */
    public static int walked(long trace) {
        return (int) (trace & MAX_FIELD);
    }

    /** Nulls restarts taken by the traced lookup that returned {@code trace}. */
    public static int restarts(long trace) {
        return (int) ((trace >>> 32) & MAX_FIELD);
    }

    /** True when the traced lookup that returned {@code trace} found its key. */
    public static boolean hit(long trace) {
        return trace < 0;
    }

    private static void requireLongs(HashTable t) {
        if (t.keySize != 8 || t.valueSize != 8) {
            throw Errors.badArgument("key/value size", t.keySize + "/" + t.valueSize,
                    "ChainProbe's long paths need keySize 8 and valueSize 8");
        }
    }
}
