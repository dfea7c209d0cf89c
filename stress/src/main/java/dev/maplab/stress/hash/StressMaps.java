package dev.maplab.stress.hash;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.SeedSearch;
import dev.maplab.hash.mutant.CompareOutsideVersionHashTable;
import dev.maplab.hash.mutant.FreelistOverwritesNextHashTable;
import dev.maplab.hash.mutant.LinkBeforeWriteHashTable;
import dev.maplab.hash.mutant.NoNullsRestartHashTable;
import dev.maplab.hash.mutant.PlainPublishHashTable;
import dev.maplab.hash.mutant.ReplaceAtOldPositionHashTable;
import dev.maplab.hash.mutant.UnlinkBeforeLinkHashTable;
import dev.maplab.hash.mutant.UnvalidatedReadHashTable;
import dev.maplab.stress.StressSubject;

/**
 * The hash table a jcstress test runs against, chosen by the forked JVM's {@code -Dmaplab.subject}
 * (set by {@link dev.maplab.stress.StressRunner}): the production variant, the kernel-order variant or
 * a mutant. Configuration as in the Lincheck suite: keys 1 and 3 share a bucket, 2 is elsewhere,
 * max_entries 8, one logical CPU (so a freed element is the next one taken). Stored value = key*10+v.
 */
public final class StressMaps {
    public static final String SUBJECT = StressSubject.of("hash");
    private static final int MAX_ENTRIES = 8;
    private static final int SEED = SeedSearch.seedGrouping(MAX_ENTRIES, new long[] {1, 3}, new long[] {2, 4});
    private static final MapSpec SPEC = MapSpec.builder(MapType.HASH).keySize(8).valueSize(8)
            .maxEntries(MAX_ENTRIES).cpus(1).hashSeed(SEED).build();

    private StressMaps() {
    }

    public static HashTable create() {
        return create(SPEC);
    }

    /** A map of the same shape with {@code valueSize}-byte values (for the byte[] API). */
    public static HashTable create(int valueSize) {
        return create(MapSpec.builder(MapType.HASH).keySize(8).valueSize(valueSize)
                .maxEntries(MAX_ENTRIES).cpus(1).hashSeed(SEED).build());
    }

    /** The 8-byte little-endian key bytes of {@code k}. */
    public static byte[] key(long k) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (k >>> (8 * i));
        }
        return b;
    }

    private static HashTable create(MapSpec spec) {
        switch (SUBJECT) {
            case "production": return HashTable.linearizable(spec);
            case "variant:kernel-replace": return HashTable.kernel(spec);
            case "mutant:no-nulls-restart": return new NoNullsRestartHashTable(spec);
            case "mutant:unlink-before-link": return new UnlinkBeforeLinkHashTable(spec);
            case "mutant:link-before-write": return new LinkBeforeWriteHashTable(spec);
            case "mutant:plain-publish": return new PlainPublishHashTable(spec);
            case "mutant:freelist-overwrites-next": return new FreelistOverwritesNextHashTable(spec);
            case "mutant:unvalidated-read": return new UnvalidatedReadHashTable(spec);
            case "mutant:replace-at-old-position": return new ReplaceAtOldPositionHashTable(spec);
            case "mutant:compare-outside-version": return new CompareOutsideVersionHashTable(spec);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown hash subject");
        }
    }

    /** Stores key*10+v under key. */
    public static void put(HashTable map, int key, int v) {
        if (map.update(key, key * 10L + v, 0) != 0) {
            throw new IllegalStateException("setup update(" + key + ") failed");
        }
    }
}
