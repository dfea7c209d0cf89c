package dev.maplab.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain probe's snapshots and traced lookup, against the table's own locked walks. */
class ChainProbeTest {
    private static final int SEED = 0x5eed_1234;

    private static HashTable table(int maxEntries, int seed) {
        return HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(maxEntries)
                .cpus(2).hashSeed(seed).build());
    }

    private static HashTable filled(int maxEntries, int count, long salt) {
        HashTable t = table(maxEntries, SEED);
        SplittableRandom r = new SplittableRandom(salt);
        int n = 0;
        while (n < count) {
            if (t.update(r.nextLong(), n, UpdateFlags.NOEXIST) == 0) {
                n++;
            }
        }
        return t;
    }

    /** Keys whose bucket under the map's seed is {@code bucket}, in increasing order from 0. */
    private static long[] keysInBucket(HashTable t, int bucket, int n) {
        long[] keys = new long[n];
        int found = 0;
        for (long k = 0; found < n; k++) {
            if (t.bucketOf(k) == bucket) {
                keys[found++] = k;
            }
        }
        return keys;
    }

    @Test
    void chainLengthsAgreeWithTheLockedWalkOfEveryBucket() {
        HashTable t = filled(1024, 1000, 1);
        int[] lengths = ChainProbe.chainLengths(t);
        assertEquals(t.nBuckets(), lengths.length);
        long total = 0;
        for (int b = 0; b < t.nBuckets(); b++) {
            assertEquals(t.chainLength(b), lengths[b], "bucket " + b);
            total += lengths[b];
        }
        assertEquals(1000, total);
        int[] reused = new int[t.nBuckets() + 5];
        assertEquals(1000, ChainProbe.chainLengths(t, reused));
        assertThrows(IllegalArgumentException.class, () -> ChainProbe.chainLengths(t, new int[3]));
    }

    @Test
    void positionsCountFromTheHeadNewestFirst() {
        HashTable t = table(64, 0);
        long[] keys = keysInBucket(t, 5, 4);
        for (int i = 0; i < keys.length; i++) {
            assertEquals(0, t.update(keys[i], i, UpdateFlags.ANY));
        }
        // inserted 0,1,2,3: the chain reads 3,2,1,0 from the head
        assertArrayEquals(new long[] {keys[3], keys[2], keys[1], keys[0]}, ChainProbe.chainKeys(t, 5));
        for (int i = 0; i < keys.length; i++) {
            assertEquals(keys.length - i, ChainProbe.positionOf(t, keys[i]));
        }
        assertEquals(0, ChainProbe.positionOf(t, keysInBucket(t, 5, 5)[4]));
        // the kernel's replace links the new element at the head: the replaced key becomes position 1
        assertEquals(0, t.update(keys[0], 99, UpdateFlags.ANY));
        assertEquals(1, ChainProbe.positionOf(t, keys[0]));
        assertEquals(4, ChainProbe.positionOf(t, keys[1]));
    }

    @Test
    void snapshotFiguresFollowFromTheHistogram() {
        // buckets with chains 0, 1, 2, 3, 0, 2: 8 keys, positions sum 0 + 1 + 3 + 6 + 0 + 3 = 13
        ChainProbe.Snapshot s = ChainProbe.Snapshot.of(new int[] {0, 1, 2, 3, 0, 2});
        assertEquals(6, s.nBuckets());
        assertEquals(8, s.elements());
        assertEquals(3, s.maxChain());
        assertArrayEquals(new long[] {2, 1, 2, 1}, s.histogram());
        assertEquals(13, s.sumPositions());
        assertEquals(13.0 / 8, s.successful(), 1e-12);
        assertEquals(8.0 / 6, s.unsuccessful(), 1e-12);
        assertEquals(8.0 / 4, s.meanNonEmpty(), 1e-12);
        assertEquals(4, s.keysAtPosition(1));
        assertEquals(3, s.keysAtPosition(2));
        assertEquals(1, s.keysAtPosition(3));
        assertEquals(0, s.keysAtPosition(4));
        assertEquals(0, s.buckets(9));
        ChainProbe.Snapshot empty = ChainProbe.Snapshot.of(new int[4]);
        assertTrue(Double.isNaN(empty.successful()));
        assertEquals(0.0, empty.unsuccessful());
    }

    @Test
    void snapshotOfATableMatchesItsPositions() {
        HashTable t = filled(256, 256, 2);
        ChainProbe.Snapshot s = ChainProbe.snapshot(t);
        assertEquals(256, s.elements());
        assertEquals(1.0, s.load(), 1e-12);
        long sum = 0;
        for (int b = 0; b < t.nBuckets(); b++) {
            for (long k : ChainProbe.chainKeys(t, b)) {
                sum += ChainProbe.positionOf(t, k);
            }
        }
        assertEquals(sum, s.sumPositions());
    }

    @Test
    void tracedLookupWalksAsFarAsThePositionOrTheWholeChain() {
        HashTable t = filled(1024, 1024, 3);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1024; i++) {
            long k = r.nextLong();
            long trace = ChainProbe.tracedLookup(t, k);
            assertTrue(ChainProbe.hit(trace));
            assertEquals(ChainProbe.positionOf(t, k), ChainProbe.walked(trace));
            assertEquals(0, ChainProbe.restarts(trace));
        }
        SplittableRandom miss = new SplittableRandom(4);
        for (int i = 0; i < 1024; i++) {
            long k = miss.nextLong();
            long trace = ChainProbe.tracedLookup(t, k);
            assertFalse(ChainProbe.hit(trace));
            assertEquals(t.chainLength(t.bucketOf(k)), ChainProbe.walked(trace));
            assertEquals(t.containsKey(k), ChainProbe.hit(trace));
        }
    }

    @Test
    void tracedLookupCountsNullsRestarts() {
        // A table whose nulls check answers "moved" on the first two walks: the probe must restart and count.
        MapSpec spec = MapSpec.builder(MapType.HASH).maxEntries(64).cpus(2).flags(MapFlags.ZERO_SEED).build();
        int[] forced = {2};
        HashTable t = new HashTable(spec, ReplaceProtocol.KERNEL) {
            @Override
            protected boolean mustRestart(int terminator, int bucket) {
                return forced[0]-- > 0 || super.mustRestart(terminator, bucket);
            }
        };
        long[] keys = keysInBucket(t, 7, 3);
        for (long k : keys) {
            t.update(k, k, UpdateFlags.ANY);
        }
        long missing = keysInBucket(t, 7, 4)[3];
        long trace = ChainProbe.tracedLookup(t, missing);
        assertFalse(ChainProbe.hit(trace));
        assertEquals(2, ChainProbe.restarts(trace));
        assertEquals(9, ChainProbe.walked(trace)); // three passes over a chain of three
    }

    @Test
    void packedTraceRoundTrips() {
        long t = ChainProbe.pack(123_456, 7, true);
        assertEquals(123_456, ChainProbe.walked(t));
        assertEquals(7, ChainProbe.restarts(t));
        assertTrue(ChainProbe.hit(t));
        long u = ChainProbe.pack(Integer.MAX_VALUE, Integer.MAX_VALUE, false);
        assertEquals(Integer.MAX_VALUE, ChainProbe.walked(u));
        assertEquals(Integer.MAX_VALUE, ChainProbe.restarts(u));
        assertFalse(ChainProbe.hit(u));
    }

    @Test
    void tracedLookupCommitsOneEventPerLookupWhileRecorded(@TempDir Path dir) throws Exception {
        HashTable t = filled(128, 100, 5);
        long[] present = new long[100];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < present.length; i++) {
            present[i] = r.nextLong();
        }
        ChainProbe.tracedLookup(t, present[0]); // not recorded: no recording is running
        Path file = dir.resolve("lookups.jfr");
        try (Recording rec = new Recording()) {
            rec.enable(HashLookupEvent.NAME);
            rec.start();
            for (long k : present) {
                ChainProbe.tracedLookup(t, k);
            }
            for (int i = 0; i < 50; i++) {
                ChainProbe.tracedLookup(t, ~present[i]);
            }
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(HashLookupEvent.NAME)) {
                events.add(e);
            }
        }
        assertEquals(150, events.size());
        long expectedHitWalk = 0;
        for (long k : present) {
            expectedHitWalk += ChainProbe.positionOf(t, k);
        }
        long expectedMissWalk = 0;
        for (int i = 0; i < 50; i++) {
            expectedMissWalk += t.chainLength(t.bucketOf(~present[i]));
        }
        assertEquals(100, events.stream().filter(e -> e.getBoolean("hit")).count());
        assertEquals(expectedHitWalk, events.stream().filter(e -> e.getBoolean("hit")).mapToLong(e -> e.getInt("walked")).sum());
        assertEquals(expectedMissWalk, events.stream().filter(e -> !e.getBoolean("hit")).mapToLong(e -> e.getInt("walked")).sum());
        assertTrue(events.stream().allMatch(e -> e.getInt("restarts") == 0 && e.getInt("buckets") == 128));
        assertTrue(Files.size(file) > 0);
    }
}
